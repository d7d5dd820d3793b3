package dev.bursar.internal.service;

import dev.bursar.internal.domain.Event;
import dev.bursar.internal.domain.EventSelection;
import dev.bursar.internal.repository.EventRepository;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.Semaphore;
import org.springframework.stereotype.Component;

/**
 * Reads streams' backlogs from the table, each read on a short-lived virtual thread of its own and
 * at most {@value #AT_ONCE} at once. A connection's writer thread parks for most of its life: a
 * driver call parked deep in its stack would keep that depth (kilobytes per subscriber, times
 * thousands) for good, and thousands of subscribers resuming together must not take every pooled
 * connection from the API.
 */
@Component
public class BacklogReads implements EventStream.Backlog {

    static final int AT_ONCE = 8;

    private final EventRepository events;
    private final Semaphore permits = new Semaphore(AT_ONCE, true);

    public BacklogReads(EventRepository events) {
        this.events = events;
    }

    @Override
    public List<Event> after(long seq, EventSelection selection, int limit) throws InterruptedException {
        permits.acquire();
        // The read gives its permit back when it ends, even if the writer stopped waiting for it.
        FutureTask<List<Event>> read = new FutureTask<>(() -> {
            try {
                return events.after(seq, selection, limit);
            } finally {
                permits.release();
            }
        });
        Thread.ofVirtual().name("event-backlog").start(read);
        try {
            return read.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException failure) {
                throw failure;
            }
            throw new IllegalStateException(e.getCause());
        }
    }
}
