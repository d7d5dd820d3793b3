package dev.bursar.internal.repository;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.internal.domain.Event;
import dev.bursar.internal.domain.EventSelection;
import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Payer;
import dev.bursar.support.TestEvents;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The outbox's classic trap, set on purpose: a transaction takes its seq and stays open while a
 * later one takes a higher seq and tries to commit. If the later one could commit first, a reader
 * would see the higher seq, move past it, and never read the lower one when it commits. It cannot:
 * it waits until the first has committed, so seqs become visible in increasing order.
 */
@IntegrationTest
class EventCommitOrderIT {

    @Autowired
    TestApi api;

    @Autowired
    LedgerRepository ledger;

    @Autowired
    EventRepository events;

    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void aLaterSeqDoesNotBecomeVisibleBeforeAnEarlierOneCommits() throws Exception {
        Payer ada = api.newPayer(0);
        EventSelection account = new EventSelection.Accounts(java.util.Set.of(ada.to()));
        TransactionTemplate template = new TransactionTemplate(transactions);
        CountDownLatch firstWrote = new CountDownLatch(1);
        CountDownLatch releaseFirst = new CountDownLatch(1);
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<?> first = threads.submit(() -> template.executeWithoutResult(status -> {
                ledger.recordEvents(List.of(TestEvents.entryPosted(ada, 1)));
                firstWrote.countDown();
                await(releaseFirst);
            }));
            assertThat(firstWrote.await(10, TimeUnit.SECONDS)).isTrue();
            Future<?> second = threads.submit(() -> template.executeWithoutResult(
                    status -> ledger.recordEvents(List.of(TestEvents.entryPosted(ada, 2)))));

            Thread.sleep(500);
            assertThat(second.isDone())
                    .as("the later transaction waits for the earlier one")
                    .isFalse();
            assertThat(events.after(0, account, 10))
                    .as("a reader sees neither yet")
                    .isEmpty();

            releaseFirst.countDown();
            first.get(10, TimeUnit.SECONDS);
            second.get(10, TimeUnit.SECONDS);
        }
        List<Event> visible = events.after(0, account, 10);
        assertThat(visible).extracting(Event::amount).containsExactly(1L, 2L);
        assertThat(visible.get(0).seq()).isLessThan(visible.get(1).seq());
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
