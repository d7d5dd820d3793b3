package dev.bursar.internal.repository;

import static dev.bursar.support.LedgerAssertions.assertLedgerAfterLoad;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.cmd.server.BursarServer;
import dev.bursar.internal.middleware.RequestAttributes;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Response;
import dev.bursar.support.Workers;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * PostgreSQL goes away in the middle of a transfer load and comes back on the same port with the
 * same data: while it is away every request gets a quick 503 and readiness is DOWN; within 15 s of
 * its return readiness is UP and transfers succeed; the ledger is intact, and no acknowledged
 * transfer is lost. The test runs its own PostgreSQL, since it stops it.
 */
class DatabaseOutageIT {

    private static final Duration OUTAGE = Duration.ofSeconds(6);

    /** One request of the load: when it started and ended (System.nanoTime) and its answer. */
    record Call(long start, long end, int status, String transferId) {

        Duration took() {
            return Duration.ofNanos(end - start);
        }
    }

    private Path dataDirectory;
    private int databasePort;
    private EmbeddedPostgres database;
    private ConfigurableApplicationContext service;

    @AfterEach
    void tearDown() throws IOException {
        if (service != null) {
            service.close();
        }
        if (database != null) {
            database.close();
        }
        FileSystemUtils.deleteRecursively(dataDirectory);
    }

    private EmbeddedPostgres startDatabase() throws IOException {
        return EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                .setPort(databasePort)
                .setRegisterShutdownHook(false)
                .start();
    }

    @Test
    void outageGetsQuick503sAndTheServiceRecovers() throws Exception {
        dataDirectory = Files.createTempDirectory("bursar-outage-db");
        try (ServerSocket socket = new ServerSocket(0)) {
            databasePort = socket.getLocalPort();
        }
        database = startDatabase();
        service = new SpringApplicationBuilder(BursarServer.class)
                .run(
                        "--spring.datasource.url=jdbc:postgresql://localhost:" + databasePort + "/postgres",
                        "--spring.datasource.username=postgres",
                        "--spring.datasource.password=postgres",
                        "--server.port=0",
                        "--management.server.port=0",
                        "--bursar.rate-limit.capacity=0",
                        "--bursar.security.admin-api-key=" + TestApi.ADMIN_KEY);
        TestApi api = new TestApi(Integer.parseInt(service.getEnvironment().getProperty("local.server.port")));
        TestApi management =
                TestApi.management(Integer.parseInt(service.getEnvironment().getProperty("local.management.port")));

        Account owner = api.newUser();
        List<UUID> accounts = api.fundedAccounts(owner, 6, 1_000_000);

        ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        long stopped;
        long restarted;
        List<Integer> readinessDuringOutage = new ArrayList<>();
        try (var clients = new Workers()) {
            for (int c = 0; c < 8; c++) {
                // Half the clients send an Idempotency-Key: its claim is the first database work of a request.
                boolean idempotent = c % 2 == 0;
                clients.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (loading.get()) {
                        UUID from = accounts.get(random.nextInt(accounts.size()));
                        UUID to = accounts.get(random.nextInt(accounts.size()));
                        if (from.equals(to)) {
                            continue;
                        }
                        long start = System.nanoTime();
                        Map<String, Object> body = TestApi.transferBody(from, to, random.nextLong(1, 100), "EUR");
                        Response response = api.send(
                                "POST",
                                "/api/v1/transfers",
                                owner.key(),
                                body,
                                idempotent
                                        ? Map.of(
                                                RequestAttributes.IDEMPOTENCY_KEY_HEADER,
                                                UUID.randomUUID().toString())
                                        : Map.of());
                        String id = response.status() == 201
                                ? response.json().path("id").asString()
                                : null;
                        calls.add(new Call(start, System.nanoTime(), response.status(), id));
                    }
                    return null;
                });
            }
            Thread.sleep(2_000);
            stopped = System.nanoTime();
            database.close();
            database = null;
            long outageEnds = stopped + OUTAGE.toNanos();
            while (System.nanoTime() < outageEnds) {
                readinessDuringOutage.add(
                        management.get("/actuator/health/readiness", null).status());
                assertThat(management.get("/actuator/health/liveness", null).status())
                        .isEqualTo(200);
                Thread.sleep(500);
            }
            database = startDatabase();
            restarted = System.nanoTime();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() ->
                            management.get("/actuator/health/readiness", null).status() == 200
                                    && calls.stream()
                                            .anyMatch(call -> call.start() > restarted && call.status() == 201));
            Thread.sleep(1_000);
            loading.set(false);
        }

        assertThat(calls).extracting(Call::status).containsOnly(201, 503);
        assertThat(calls).allSatisfy(call -> assertThat(call.took()).isLessThan(Duration.ofSeconds(3)));
        long margin = Duration.ofMillis(500).toNanos();
        List<Call> duringOutage = calls.stream()
                .filter(call -> call.start() > stopped + margin && call.end() < restarted)
                .toList();
        assertThat(duringOutage).isNotEmpty().allSatisfy(call -> {
            assertThat(call.status()).isEqualTo(503);
            assertThat(call.took()).isLessThan(Duration.ofSeconds(2));
        });
        assertThat(readinessDuringOutage).contains(503);

        // The ledger: intact, every acknowledged transfer there, nothing moved without a request.
        Set<String> acknowledged = new HashSet<>();
        calls.stream().filter(call -> call.transferId() != null).forEach(call -> acknowledged.add(call.transferId()));
        Set<String> journaled = assertLedgerAfterLoad(api, accounts, 6 * 1_000_000L, acknowledged);
        long failed = calls.stream().filter(call -> call.status() == 503).count();
        long unacknowledged = journaled.size() - accounts.size() - acknowledged.size(); // less the deposits
        assertThat(unacknowledged).as("transfers committed without a 201").isBetween(0L, failed);
    }
}
