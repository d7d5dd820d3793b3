package dev.bursar.internal.api;

import static dev.bursar.support.LedgerAssertions.assertJournalChain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Response;
import dev.bursar.support.Workers;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * Many clients moving money at once through the HTTP API, in every direction and on one hot
 * pair: the ledger must end consistent, with every request answered definitely and none a 5xx.
 */
@IntegrationTest
class LedgerConcurrencyIT {

    private static final int CLIENTS = 16;
    private static final int TRANSFERS = 2_400;
    private static final long INITIAL_BALANCE = 20_000;

    @LocalServerPort
    int port;

    record Owned(UUID account, String key) {}

    @Test
    void concurrentTransfersKeepTheLedgerConsistent() throws Exception {
        TestApi api = new TestApi(port);
        List<Owned> accounts = new ArrayList<>();
        Set<String> depositIds = new HashSet<>();
        for (int user = 0; user < 4; user++) {
            Account owner = api.newUser();
            for (int i = 0; i < 3; i++) {
                UUID account = api.openAccount(owner.key(), "EUR");
                depositIds.add(api.deposit(account, INITIAL_BALANCE).toString());
                accounts.add(new Owned(account, owner.key()));
            }
        }
        long totalBefore = accounts.size() * INITIAL_BALANCE;
        Owned hotA = accounts.get(0);
        Owned hotB = accounts.get(1);

        Map<Integer, AtomicInteger> statuses = new ConcurrentHashMap<>();
        Set<String> createdIds = ConcurrentHashMap.newKeySet();
        AtomicInteger next = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        try (var clients = new Workers()) {
            for (int c = 0; c < CLIENTS; c++) {
                clients.submit(() -> {
                    start.await();
                    ThreadLocalRandom random = ThreadLocalRandom.current();
                    for (int n = next.getAndIncrement(); n < TRANSFERS; n = next.getAndIncrement()) {
                        Owned from;
                        Owned to;
                        if (n % 3 == 0) { // the hot pair, both ways
                            boolean forward = random.nextBoolean();
                            from = forward ? hotA : hotB;
                            to = forward ? hotB : hotA;
                        } else {
                            from = accounts.get(random.nextInt(accounts.size()));
                            do {
                                to = accounts.get(random.nextInt(accounts.size()));
                            } while (to == from);
                        }
                        Response response = api.transfer(
                                from.key(), from.account(), to.account(), random.nextLong(1, 6_000), "EUR");
                        statuses.computeIfAbsent(response.status(), s -> new AtomicInteger())
                                .incrementAndGet();
                        if (response.status() == 201) {
                            createdIds.add(response.json().path("id").asString());
                        } else {
                            response.problem(422, "insufficient_funds");
                        }
                    }
                    return null;
                });
            }
            start.countDown();
        }

        assertThat(statuses.keySet()).as("statuses %s", statuses).containsOnly(201, 422);
        assertThat(statuses.get(201).get()).as("most transfers succeed").isGreaterThan(TRANSFERS / 2);

        long totalAfter = 0;
        Set<String> journaledTransfers = new HashSet<>();
        for (Owned owned : accounts) {
            List<JsonNode> entries = assertJournalChain(api, owned.account());
            long balance = api.balance(owned.account());
            assertThat(balance).isNotNegative();
            totalAfter += balance;
            entries.stream().map(e -> e.path("transfer_id").asString()).forEach(journaledTransfers::add);
        }
        assertThat(totalAfter).as("money is neither created nor destroyed").isEqualTo(totalBefore);
        // Every 201 is a transfer in the journal, and every transfer in the journal (but the
        // initial deposits) was answered with a 201.
        journaledTransfers.removeAll(depositIds);
        assertThat(journaledTransfers).isEqualTo(createdIds);
        assertThat(createdIds).hasSize(statuses.get(201).get());
    }
}
