package dev.bursar.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bursar.internal.domain.Event;
import dev.bursar.internal.domain.EventSelection;
import dev.bursar.internal.repository.EventRepository;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;

class BacklogReadsTest {

    private static final EventSelection ALL = new EventSelection.All();

    @Test
    void atMostEightReadsRunAtOnceAndEachOnAThreadOfItsOwn() throws Exception {
        AtomicInteger running = new AtomicInteger();
        AtomicInteger most = new AtomicInteger();
        CountDownLatch release = new CountDownLatch(1);
        List<Thread> readers = new ArrayList<>();
        EventRepository table = new EventRepository(null) {
            @Override
            public List<Event> after(long seq, EventSelection selection, int limit) {
                synchronized (readers) {
                    readers.add(Thread.currentThread());
                }
                most.accumulateAndGet(running.incrementAndGet(), Math::max);
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    running.decrementAndGet();
                }
                return List.of();
            }
        };
        BacklogReads reads = new BacklogReads(table);
        List<Thread> writers = new ArrayList<>();
        try (var threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Event>>> results = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                results.add(threads.submit(() -> {
                    synchronized (writers) {
                        writers.add(Thread.currentThread());
                    }
                    return reads.after(0, ALL, 10);
                }));
            }
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
            while (running.get() < BacklogReads.AT_ONCE && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(200); // room for a ninth read, were it allowed
            assertThat(running.get()).isEqualTo(BacklogReads.AT_ONCE);
            release.countDown();
            for (Future<List<Event>> result : results) {
                assertThat(result.get(10, TimeUnit.SECONDS)).isEmpty();
            }
        }
        assertThat(most.get()).isEqualTo(BacklogReads.AT_ONCE);
        assertThat(readers).hasSize(20).doesNotContainAnyElementsOf(writers);
    }

    @Test
    void aFailedReadReachesTheWriterAsItWasThrown() {
        DataAccessResourceFailureException down = new DataAccessResourceFailureException("database out of reach");
        EventRepository table = new EventRepository(null) {
            @Override
            public List<Event> after(long seq, EventSelection selection, int limit) {
                throw down;
            }
        };
        assertThatThrownBy(() -> new BacklogReads(table).after(0, ALL, 10)).isSameAs(down);
    }
}
