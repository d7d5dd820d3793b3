package dev.bursar.internal.deadline;

import java.time.Duration;
import java.util.OptionalLong;

/**
 * The time budget of the request being served on this thread, like a Go context deadline: set
 * when the request starts, read by whatever waits on its behalf (the database as query timeouts,
 * the ledger queue), cleared when the request ends.
 */
public final class Deadlines {

    /** The budget's lifetime: closing it restores what was there before. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }

    private final ThreadLocal<Long> deadlineNanos = new ThreadLocal<>();

    /** Starts a budget of {@code budget} from now for this thread; close the scope when the work ends. */
    public Scope start(Duration budget) {
        return startUntil(System.nanoTime() + budget.toNanos());
    }

    /** Starts a budget ending at {@code deadline} (a {@link System#nanoTime()} value). */
    public Scope startUntil(long deadline) {
        Long outer = deadlineNanos.get();
        deadlineNanos.set(deadline);
        return () -> {
            if (outer == null) {
                deadlineNanos.remove();
            } else {
                deadlineNanos.set(outer);
            }
        };
    }

    /** This thread's deadline as a {@link System#nanoTime()} value, or empty when there is none. */
    public OptionalLong deadline() {
        Long deadline = deadlineNanos.get();
        return deadline == null ? OptionalLong.empty() : OptionalLong.of(deadline);
    }

    /** Nanoseconds left of this thread's budget, or empty when there is none. */
    public OptionalLong remainingNanos() {
        Long deadline = deadlineNanos.get();
        return deadline == null ? OptionalLong.empty() : OptionalLong.of(deadline - System.nanoTime());
    }

    /** Throws {@link DeadlineExceededException} when the budget is used up. */
    public void check() {
        if (remainingNanos().orElse(1) <= 0) {
            throw new DeadlineExceededException();
        }
    }
}
