package dev.bursar.internal.repository;

import static dev.bursar.support.LedgerAssertions.assertLedgerAfterLoad;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.cmd.server.BursarServer;
import dev.bursar.internal.middleware.RequestAttributes;
import dev.bursar.support.TcpRelay;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Response;
import dev.bursar.support.TestDatabase;
import dev.bursar.support.Workers;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * PostgreSQL stops answering without closing anything (a network partition, a frozen host): a TCP
 * relay between the service and the database stops forwarding in the middle of a load of
 * transfers, reads and first-time key lookups. Every response still comes within 3 s (503 while
 * the database is silent), and the service recovers when the relay forwards again; the ledger is
 * intact and no acknowledged transfer is lost.
 */
class SilentDatabaseIT {

    private static final Duration SILENCE = Duration.ofSeconds(6);
    private static final Pattern HOST_AND_PORT = Pattern.compile("jdbc:postgresql://([^:/]+):(\\d+)/");

    /** One request of the load: what it asked, when it started and ended (System.nanoTime), its answer. */
    record Call(String what, long start, long end, int status, String transferId) {

        Duration took() {
            return Duration.ofNanos(end - start);
        }
    }

    private TcpRelay relay;
    private ConfigurableApplicationContext service;

    @AfterEach
    void tearDown() {
        if (service != null) {
            service.close();
        }
        if (relay != null) {
            relay.close();
        }
    }

    /** Starts the service with its database behind the relay; returns a client for it. */
    private TestApi startBehindRelay(String... settings) {
        var database = TestDatabase.connectionDetails();
        Matcher url = HOST_AND_PORT.matcher(database.getJdbcUrl());
        assertThat(url.find()).as("test database URL %s", database.getJdbcUrl()).isTrue();
        relay = new TcpRelay(url.group(1), Integer.parseInt(url.group(2)));
        List<String> arguments = new ArrayList<>(List.of(
                "--spring.datasource.url=jdbc:postgresql://localhost:" + relay.port() + "/postgres",
                "--spring.datasource.username=" + database.getUsername(),
                "--spring.datasource.password=" + database.getPassword(),
                "--server.port=0",
                "--management.server.port=0",
                "--bursar.security.admin-api-key=" + TestApi.ADMIN_KEY));
        arguments.addAll(List.of(settings));
        service = new SpringApplicationBuilder(BursarServer.class).run(arguments.toArray(String[]::new));
        int port = Integer.parseInt(service.getEnvironment().getProperty("local.server.port"));
        // Without a client-side limit a hanging request would hold the test up for minutes.
        return new TestApi(port, Duration.ofSeconds(20));
    }

    @Test
    void withRateLimitBucketsInTheDatabaseASilentDatabaseIsA503Too() throws Exception {
        TestApi api = startBehindRelay(
                "--bursar.rate-limit.store=postgres",
                "--bursar.rate-limit.capacity=1000",
                "--bursar.rate-limit.refill-per-second=1000");
        Account owner = api.newUser();
        assertThat(api.get("/api/v1/me", owner.key()).status()).isEqualTo(200);

        relay.stopForwarding();
        List<Call> calls = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(call("me", () -> api.get("/api/v1/me", owner.key())));
            calls.add(call("without a key", () -> api.get("/api/v1/me", null)));
        }
        relay.resumeForwarding();

        assertThat(calls).allSatisfy(call -> {
            assertThat(call.status()).as("%s", call).isEqualTo(503);
            assertThat(call.took()).as("%s", call).isLessThan(Duration.ofSeconds(3));
        });
        Awaitility.await()
                .atMost(Duration.ofSeconds(15))
                .pollInterval(Duration.ofMillis(250))
                .until(() -> api.get("/api/v1/me", owner.key()).status() == 200);
    }

    @Test
    void aSilentDatabaseGetsQuick503sAndTheServiceRecovers() throws Exception {
        TestApi api = startBehindRelay("--bursar.rate-limit.capacity=0");

        Account owner = api.newUser();
        List<UUID> accounts = api.fundedAccounts(owner, 6, 1_000_000);
        // Keys never used yet: authenticating each one needs the database.
        LinkedBlockingQueue<String> freshKeys = new LinkedBlockingQueue<>();
        for (int i = 0; i < 40; i++) {
            freshKeys.add(api.post("/api/v1/users/" + owner.id() + "/api-keys", TestApi.ADMIN_KEY, Map.of())
                    .json()
                    .path("key")
                    .asString());
        }

        ConcurrentLinkedQueue<Call> calls = new ConcurrentLinkedQueue<>();
        AtomicBoolean loading = new AtomicBoolean(true);
        long silent;
        long forwarding;
        try (var clients = new Workers()) {
            for (int c = 0; c < 10; c++) {
                int client = c;
                clients.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (loading.get()) {
                        UUID from = accounts.get(random.nextInt(accounts.size()));
                        UUID to = accounts.get(random.nextInt(accounts.size()));
                        if (from.equals(to)) {
                            continue;
                        }
                        switch (client % 5) {
                            case 0, 1 ->
                                calls.add(call(
                                        "transfer",
                                        () -> api.send(
                                                "POST",
                                                "/api/v1/transfers",
                                                owner.key(),
                                                TestApi.transferBody(from, to, random.nextLong(1, 100), "EUR"),
                                                Map.of())));
                            case 2 ->
                                calls.add(call(
                                        "idempotent transfer",
                                        () -> api.send(
                                                "POST",
                                                "/api/v1/transfers",
                                                owner.key(),
                                                TestApi.transferBody(from, to, random.nextLong(1, 100), "EUR"),
                                                Map.of(
                                                        RequestAttributes.IDEMPOTENCY_KEY_HEADER,
                                                        UUID.randomUUID().toString()))));
                            case 3 ->
                                calls.add(call(
                                        "read", () -> api.get("/api/v1/accounts/" + from + "/entries", owner.key())));
                            default -> {
                                String key = freshKeys.poll();
                                calls.add(call(
                                        "first use of a key",
                                        () -> api.get("/api/v1/me", key == null ? owner.key() : key)));
                                Thread.sleep(100);
                            }
                        }
                    }
                    return null;
                });
            }
            Thread.sleep(1_500);
            silent = System.nanoTime();
            relay.stopForwarding();
            Thread.sleep(SILENCE.toMillis());
            relay.resumeForwarding();
            forwarding = System.nanoTime();
            Awaitility.await()
                    .atMost(Duration.ofSeconds(15))
                    .pollInterval(Duration.ofMillis(250))
                    .until(() -> calls.stream().anyMatch(call -> call.start() > forwarding && call.status() == 201));
            Thread.sleep(1_000);
            loading.set(false);
        }

        assertThat(calls).extracting(Call::status).containsOnly(200, 201, 503);
        assertThat(calls)
                .allSatisfy(call -> assertThat(call.took()).as("%s", call).isLessThan(Duration.ofSeconds(3)));
        long margin = Duration.ofMillis(500).toNanos();
        List<Call> whileSilent = calls.stream()
                .filter(call -> call.start() > silent + margin && call.end() < forwarding)
                .toList();
        assertThat(whileSilent)
                .isNotEmpty()
                .allSatisfy(call -> assertThat(call.status()).as("%s", call).isEqualTo(503));
        assertThat(whileSilent)
                .extracting(Call::what)
                .contains("transfer", "idempotent transfer", "read", "first use of a key");

        // The ledger: intact, every acknowledged transfer there, nothing moved without a request.
        Set<String> acknowledged = new HashSet<>();
        calls.stream().filter(call -> call.transferId() != null).forEach(call -> acknowledged.add(call.transferId()));
        assertLedgerAfterLoad(api, accounts, 6 * 1_000_000L, acknowledged);
    }

    /** Sends one request; a response that never came counts as status -1 after the client's limit. */
    private static Call call(String what, java.util.function.Supplier<Response> request) {
        long start = System.nanoTime();
        try {
            Response response = request.get();
            String id = response.status() == 201 ? response.json().path("id").asString() : null;
            return new Call(what, start, System.nanoTime(), response.status(), id);
        } catch (UncheckedIOException e) {
            return new Call(what, start, System.nanoTime(), -1, null);
        }
    }
}
