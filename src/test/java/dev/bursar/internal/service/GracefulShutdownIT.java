package dev.bursar.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.cmd.server.BursarServer;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Response;
import dev.bursar.support.TestDatabase;
import dev.bursar.support.TestDatabaseConfiguration;
import dev.bursar.support.Workers;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The service is shut down (as on SIGTERM) while transfers are in flight: readiness turns to
 * refusing traffic, the transfers in flight complete, every acknowledged transfer is committed,
 * none is half-applied, and the shutdown ends within the grace period.
 */
class GracefulShutdownIT {

    @Test
    void shutdownUnderLoadLosesNothing() throws Exception {
        AtomicLong refusingTrafficAt = new AtomicLong();
        ConfigurableApplicationContext service = new SpringApplicationBuilder(
                        BursarServer.class, TestDatabaseConfiguration.class)
                .listeners((ApplicationListener<AvailabilityChangeEvent<?>>) event -> {
                    if (event.getState() == ReadinessState.REFUSING_TRAFFIC) {
                        refusingTrafficAt.compareAndSet(0, System.nanoTime());
                    }
                })
                .run(
                        "--server.port=0",
                        "--management.server.port=0",
                        "--bursar.rate-limit.capacity=0",
                        "--bursar.security.admin-api-key=" + TestApi.ADMIN_KEY);
        TestApi api = new TestApi(Integer.parseInt(service.getEnvironment().getProperty("local.server.port")));
        Account owner = api.newUser();
        List<UUID> accounts = api.fundedAccounts(owner, 4, 100_000);

        Set<String> acknowledged = ConcurrentHashMap.newKeySet();
        ConcurrentLinkedQueue<String> statuses = new ConcurrentLinkedQueue<>();
        AtomicLong closeStarted = new AtomicLong();
        AtomicLong closeEnded = new AtomicLong();
        try (var clients = new Workers()) {
            for (int c = 0; c < 8; c++) {
                clients.submit(() -> {
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    while (true) {
                        UUID from = accounts.get(random.nextInt(accounts.size()));
                        UUID to = accounts.get((accounts.indexOf(from) + 1 + random.nextInt(3)) % accounts.size());
                        Response response;
                        try {
                            response = api.transfer(owner.key(), from, to, random.nextLong(1, 50), "EUR");
                        } catch (UncheckedIOException refused) {
                            return null; // the server stopped taking connections: done
                        }
                        statuses.add(response.status() + " " + response.body() + " "
                                + response.headers().map());
                        if (response.status() == 201) {
                            acknowledged.add(response.json().path("id").asString());
                        }
                    }
                });
            }
            Thread.sleep(1_500);
            clients.submit(() -> {
                closeStarted.set(System.nanoTime());
                service.close();
                closeEnded.set(System.nanoTime());
                return null;
            });
        }

        assertThat(refusingTrafficAt.get())
                .as("readiness went to refusing traffic")
                .isNotZero();
        assertThat(refusingTrafficAt.get()).isBetween(closeStarted.get(), closeEnded.get());
        assertThat(Duration.ofNanos(closeEnded.get() - closeStarted.get())).isLessThan(Duration.ofSeconds(20));
        assertThat(statuses)
                .isNotEmpty()
                .allMatch(status ->
                        status.startsWith("201 ") || status.startsWith("503 ") && status.contains("retry-after"));
        assertThat(acknowledged).hasSizeGreaterThan(10);

        try (Connection db = DriverManager.getConnection(
                TestDatabase.connectionDetails().getJdbcUrl(),
                TestDatabase.connectionDetails().getUsername(),
                TestDatabase.connectionDetails().getPassword())) {
            // Every acknowledged transfer is committed, and nothing else moved between these accounts.
            Set<String> committed = ConcurrentHashMap.newKeySet();
            try (PreparedStatement query = db.prepareStatement(
                    "SELECT id FROM transfers WHERE kind = 'transfer' AND from_account_id = ANY(?)")) {
                query.setArray(1, db.createArrayOf("uuid", accounts.toArray()));
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        committed.add(rows.getString(1));
                    }
                }
            }
            assertThat(committed).isEqualTo(acknowledged);
            // No half-applied transfer: balances equal their journals, which chain, and nothing was lost.
            try (PreparedStatement query = db.prepareStatement("""
                    SELECT a.id, a.balance, a.entry_count,
                           (SELECT coalesce(sum(e.amount), 0) FROM entries e WHERE e.account_id = a.id) AS journal,
                           (SELECT count(*) FROM entries e WHERE e.account_id = a.id) AS entries,
                           (SELECT count(*) FROM entries e WHERE e.account_id = a.id AND e.balance_after <>
                                (SELECT sum(p.amount) FROM entries p WHERE p.account_id = a.id AND p.entry_no <= e.entry_no)
                           ) AS broken_links
                    FROM accounts a WHERE a.id = ANY(?)""")) {
                query.setArray(1, db.createArrayOf("uuid", accounts.toArray()));
                long total = 0;
                try (ResultSet rows = query.executeQuery()) {
                    while (rows.next()) {
                        assertThat(rows.getLong("balance"))
                                .isEqualTo(rows.getLong("journal"))
                                .isNotNegative();
                        assertThat(rows.getLong("entry_count")).isEqualTo(rows.getLong("entries"));
                        assertThat(rows.getLong("broken_links")).isZero();
                        total += rows.getLong("balance");
                    }
                }
                assertThat(total).isEqualTo(4 * 100_000L);
            }
        }
    }
}
