package dev.bursar.internal.service;

import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.Event;
import dev.bursar.internal.domain.EventSelection;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One subscriber's stream: first the stored events after its starting position, read page by page
 * from the table, then the live events the hub hands it, in seq order, with no gap and no
 * duplicate at the switch-over. The connection's writer thread calls {@link #next}; the hub calls
 * {@link #offer} and never waits: a subscriber whose buffer is full is ended ({@link End#SLOW}).
 */
public final class EventStream {

    /** Why a stream ended. */
    public enum End {
        /** More than the client buffer waited to be written: the subscriber cannot keep up. */
        SLOW,
        /** The API key the stream was opened with was revoked. */
        REVOKED,
        /** The service is shutting down; the client reconnects to another replica. */
        SHUTDOWN
    }

    /** What {@link #next} found: events to write, nothing within the wait, or the end. */
    public sealed interface Next {
        record Events(List<Event> events) implements Next {}

        record Quiet() implements Next {}

        record Ended(End why) implements Next {}
    }

    /** Where the stored events come from: the table, read off the writer's thread (see {@link BacklogReads}). */
    @FunctionalInterface
    public interface Backlog {
        List<Event> after(long seq, EventSelection selection, int limit) throws InterruptedException;
    }

    private static final int BACKLOG_PAGE = 500;

    private enum Phase {
        BACKLOG,
        CATCH_UP,
        LIVE
    }

    private final Caller caller;
    private final EventSelection selection;
    private final String transport;
    private final int capacity;
    private final Backlog backlog;
    private final EventHub hub;

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private final ArrayDeque<Event> queue = new ArrayDeque<>();
    private End end;

    // Owned by the writer thread.
    private Phase phase = Phase.BACKLOG;
    private long lastSeq;

    EventStream(
            Caller caller,
            EventSelection selection,
            String transport,
            long after,
            int capacity,
            Backlog backlog,
            EventHub hub) {
        this.caller = caller;
        this.selection = selection;
        this.transport = transport;
        this.lastSeq = after;
        this.capacity = capacity;
        this.backlog = backlog;
        this.hub = hub;
    }

    public Caller caller() {
        return caller;
    }

    EventSelection selection() {
        return selection;
    }

    public String transport() {
        return transport;
    }

    /**
     * Starts live at once, without reading the table: for a stream that starts "now". Called after
     * {@link EventHub#register}, so every event published from then on is queued; those up to what
     * the hub had published before are older than the stream and skipped.
     */
    void liveAfter(long seq) {
        phase = Phase.LIVE;
        lastSeq = seq;
    }

    /** The seq of the last event handed out. */
    public long lastSeq() {
        return lastSeq;
    }

    /**
     * The next events to write, waiting up to {@code wait} for live ones. Reading the backlog
     * needs the database; a failure there is thrown (the transport ends the stream).
     */
    public Next next(Duration wait) throws InterruptedException {
        End ended = ended();
        if (ended != null) {
            return new Next.Ended(ended);
        }
        if (phase != Phase.LIVE) {
            List<Event> page = backlog.after(lastSeq, selection, BACKLOG_PAGE);
            if (page.size() < BACKLOG_PAGE) {
                if (phase == Phase.BACKLOG) {
                    // Live events queue up from here on; the next read of the table covers whatever
                    // committed before, so nothing falls between the two.
                    hub.register(this);
                    phase = Phase.CATCH_UP;
                } else {
                    phase = Phase.LIVE;
                }
            }
            if (!page.isEmpty()) {
                lastSeq = page.getLast().seq();
                return new Next.Events(page);
            }
            if (phase != Phase.LIVE) {
                return next(wait);
            }
        }
        return live(wait);
    }

    private Next live(Duration wait) throws InterruptedException {
        List<Event> taken = new ArrayList<>();
        lock.lock();
        try {
            long nanos = wait.toNanos();
            while (queue.isEmpty() && end == null && nanos > 0) {
                nanos = changed.awaitNanos(nanos);
            }
            if (end != null) {
                return new Next.Ended(end);
            }
            taken.addAll(queue);
            queue.clear();
        } finally {
            lock.unlock();
        }
        List<Event> fresh = new ArrayList<>(taken.size());
        for (Event event : taken) {
            if (event.seq() > lastSeq) { // the table's last read may have had it already
                fresh.add(event);
                lastSeq = event.seq();
            }
        }
        return fresh.isEmpty() ? new Next.Quiet() : new Next.Events(fresh);
    }

    /** Hands a live event over without waiting; false when that ended the stream (buffer full). */
    boolean offer(Event event) {
        lock.lock();
        try {
            if (end != null) {
                return true;
            }
            if (queue.size() >= capacity) {
                end = End.SLOW;
                queue.clear();
                changed.signalAll();
                return false;
            }
            queue.add(event);
            changed.signal();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /** Ends the stream; the writer sees it at once. The first reason given stays. */
    void end(End why) {
        lock.lock();
        try {
            if (end == null) {
                end = why;
                queue.clear();
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    End ended() {
        lock.lock();
        try {
            return end;
        } finally {
            lock.unlock();
        }
    }
}
