package dev.bursar.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.cmd.server.BursarServer;
import dev.bursar.internal.repository.LedgerRepository;
import dev.bursar.support.IntegrationTest;
import dev.bursar.support.SseClient;
import dev.bursar.support.SseClient.Message;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Payer;
import dev.bursar.support.TestDatabaseConfiguration;
import dev.bursar.support.TestEvents;
import dev.bursar.support.WebSocketClient;
import dev.bursar.support.Workers;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Events reach subscribers exactly once, in order, from any replica: under concurrent batches (whose
 * commits race), across two application instances on one database, never from a rolled-back
 * transaction, and a shutdown ends the streams so clients reconnect elsewhere.
 */
@IntegrationTest
class EventDeliveryIT {

    private static final Duration PATIENCE = Duration.ofSeconds(30);

    @LocalServerPort
    int port;

    @Autowired
    TestApi api;

    @Autowired
    LedgerRepository ledger;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void concurrentBatchesDeliverEveryEntryOnceInSeqOrderAndEachAccountInJournalOrder() throws Exception {
        Account owner = api.newUser();
        List<UUID> accounts = api.fundedAccounts(owner, 6, 100_000);
        String query = accounts.stream().map(id -> "account_id=" + id).collect(Collectors.joining("&"));
        AtomicInteger moved = new AtomicInteger();
        try (SseClient stream = SseClient.open(api, port, "/api/v1/events?" + query, owner.key(), null)) {
            try (Workers clients = new Workers()) {
                for (int c = 0; c < 16; c++) {
                    clients.submit(() -> {
                        ThreadLocalRandom random = ThreadLocalRandom.current();
                        for (int i = 0; i < 25; i++) {
                            UUID from = accounts.get(random.nextInt(accounts.size()));
                            UUID to = accounts.get((accounts.indexOf(from) + 1 + random.nextInt(5)) % accounts.size());
                            int status = api.transfer(owner.key(), from, to, random.nextLong(1, 500), "EUR")
                                    .status();
                            assertThat(status).isIn(201, 422);
                            if (status == 201) {
                                moved.incrementAndGet();
                            }
                        }
                        return null;
                    });
                }
            }
            List<Message> events = stream.events(2 * moved.get(), PATIENCE);

            List<Long> seqs = events.stream().map(Message::seq).toList();
            assertThat(seqs).as("strictly increasing").isSorted().doesNotHaveDuplicates();
            Set<String> entries = new HashSet<>();
            Map<String, List<JsonNode>> byAccount = new HashMap<>();
            for (Message event : events) {
                JsonNode json = event.json();
                assertThat(entries.add(json.path("transfer_id").asString()
                                + json.path("account_id").asString()))
                        .as("one event per entry")
                        .isTrue();
                byAccount
                        .computeIfAbsent(json.path("account_id").asString(), id -> new ArrayList<>())
                        .add(json);
            }
            for (UUID account : accounts) {
                // The account's journal, oldest first, from the API: the events must be exactly its tail.
                List<JsonNode> journal =
                        new ArrayList<>(api.readAll("/api/v1/accounts/" + account + "/entries", owner.key(), 100));
                java.util.Collections.reverse(journal);
                List<JsonNode> streamed = byAccount.getOrDefault(account.toString(), List.of());
                List<JsonNode> tail = journal.subList(journal.size() - streamed.size(), journal.size());
                assertThat(streamed.stream()
                                .map(e -> e.path("transfer_id").asString() + ":" + e.path("balance_after"))
                                .toList())
                        .as("events of %s in journal order", account)
                        .isEqualTo(tail.stream()
                                .map(e -> e.path("transfer_id").asString() + ":" + e.path("balance_after"))
                                .toList());
                if (!streamed.isEmpty()) {
                    assertThat(streamed.getLast().path("balance_after").asLong())
                            .isEqualTo(api.balance(account));
                }
            }
            assertThat(stream.during(Duration.ofMillis(500)))
                    .as("nothing more")
                    .noneMatch(message -> message.event() != null);
        }
    }

    @Test
    void eventsOfARolledBackTransactionNeverAppear() throws Exception {
        Payer ada = api.newPayer(1_000);
        try (SseClient stream = SseClient.open(api, port, "/api/v1/events?account_id=" + ada.to(), ada.key(), null)) {
            new TransactionTemplate(transactions).executeWithoutResult(status -> {
                ledger.recordEvents(List.of(TestEvents.entryPosted(ada, 999)));
                status.setRollbackOnly();
            });
            api.transfer(ada.key(), ada.from(), ada.to(), 7, "EUR");

            List<Message> events = stream.events(1, PATIENCE);
            assertThat(events.getFirst().json().path("amount").asLong()).isEqualTo(7);
            assertThat(stream.during(Duration.ofMillis(1_500))).noneMatch(message -> message.event() != null);
        }
        assertThat(api.get("/api/v1/events?account_id=" + ada.to(), ada.key())
                        .json()
                        .path("data")
                        .valueStream()
                        .map(e -> e.path("amount").asLong()))
                .containsExactly(7L);
    }

    @Test
    void aSubscriberOnOneReplicaSeesTransfersThroughAnotherAndShutdownEndsItsStream() throws Exception {
        Payer ada = api.newPayer(10_000);
        try (ConfigurableApplicationContext replica = new SpringApplicationBuilder(
                        BursarServer.class, TestDatabaseConfiguration.class)
                .run(
                        "--server.port=0",
                        "--management.server.port=0",
                        "--bursar.security.admin-api-key=" + TestApi.ADMIN_KEY,
                        "--bursar.rate-limit.capacity=0")) {
            int replicaPort = Integer.parseInt(replica.getEnvironment().getProperty("local.server.port"));
            TestApi other = new TestApi(replicaPort);
            try (SseClient onReplica = SseClient.open(other, replicaPort, "/api/v1/events", ada.key(), null);
                    WebSocketClient socketOnReplica =
                            WebSocketClient.connect(replicaPort, "/api/v1/events/ws", ada.key(), true);
                    SseClient here = SseClient.open(api, port, "/api/v1/events", ada.key(), null)) {
                // Through this instance, seen on the replica; through the replica, seen here.
                api.transfer(ada.key(), ada.from(), ada.to(), 11, "EUR");
                other.transfer(ada.key(), ada.from(), ada.to(), 22, "EUR");

                assertThat(onReplica.events(4, PATIENCE))
                        .extracting(e -> e.json().path("amount").asLong())
                        .containsExactly(-11L, 11L, -22L, 22L);
                assertThat(here.events(4, PATIENCE))
                        .extracting(e -> e.json().path("amount").asLong())
                        .containsExactly(-11L, 11L, -22L, 22L);
                assertThat(socketOnReplica.events(4, PATIENCE))
                        .extracting(e -> e.path("amount").asLong())
                        .containsExactly(-11L, 11L, -22L, 22L);

                long closing = System.nanoTime();
                replica.close();
                assertThat(onReplica.endsWithin(Duration.ofSeconds(5)))
                        .as("shutdown ends the stream")
                        .isTrue();
                assertThat(Duration.ofNanos(System.nanoTime() - closing)).isLessThan(Duration.ofSeconds(10));
                assertThat(socketOnReplica.closeCode(Duration.ofSeconds(5)))
                        .as("the WebSocket is closed as going away")
                        .isEqualTo(1001);
                assertThat(here.endsWithin(Duration.ofMillis(200)))
                        .as("the other instance goes on")
                        .isFalse();
            }
        }
    }
}
