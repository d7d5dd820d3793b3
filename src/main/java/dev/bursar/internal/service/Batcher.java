package dev.bursar.internal.service;

import dev.bursar.internal.config.BursarProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.OptionalLong;
import dev.bursar.internal.deadline.DeadlineExceededException;
import dev.bursar.internal.deadline.Deadlines;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers work submitted by concurrent requests into batches for a few worker threads: a worker
 * takes what is queued (up to a maximum, waiting at most a moment for more) and hands the whole
 * batch to the processor, which completes each job's result. Requests wait on their result;
 * on virtual threads waiting costs nothing. Batches grow by themselves under load, because
 * work queues up while the workers are busy.
 */
final class Batcher<I, O> {

    private static final Logger log = LoggerFactory.getLogger(Batcher.class);

    /** One submitted piece of work and where its outcome goes. */
    record Job<I, O>(I input, CompletableFuture<O> result, AtomicBoolean taken, OptionalLong deadline) {

        /** Whether this job may go into a batch: false once its request gave up waiting. */
        boolean take() {
            return taken.compareAndSet(false, true);
        }
    }

    private final String name;
    private final BursarProperties.GroupCommit settings;
    private final Deadlines deadlines;
    private final Consumer<List<Job<I, O>>> processor;
    private final BlockingQueue<Job<I, O>> queue;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean stopping;

    /** @param processor completes the result of every job of the batch it is given */
    Batcher(String name, BursarProperties.GroupCommit settings, Deadlines deadlines,
            Consumer<List<Job<I, O>>> processor) {
        this.name = name;
        this.settings = settings;
        this.deadlines = deadlines;
        this.processor = processor;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        for (int i = 0; i < settings.workers(); i++) {
            workers.add(Thread.ofVirtual().name(name + "-" + i).start(this::work));
        }
    }

    /**
     * Queues the input and waits for its outcome; a full queue is {@link LedgerBusyException}. If
     * the request's deadline passes while the job is still queued, the job is withdrawn (it will
     * never run) and {@link DeadlineExceededException} is thrown; once a worker has taken it, its
     * outcome is awaited, since its transaction may already be committing.
     */
    O submit(I input) {
        Job<I, O> job = new Job<>(input, new CompletableFuture<>(), new AtomicBoolean(), deadlines.deadline());
        if (stopping || !queue.offer(job)) {
            throw new LedgerBusyException();
        }
        try {
            OptionalLong remaining = deadlines.remainingNanos();
            if (remaining.isPresent()) {
                try {
                    return job.result().get(Math.max(0, remaining.getAsLong()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (job.take()) {
                        throw new DeadlineExceededException();
                    }
                }
            }
            return job.result().get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DeadlineExceededException();
        }
    }

    private void work() {
        try {
            while (!stopping || !queue.isEmpty()) {
                List<Job<I, O>> batch = nextBatch();
                if (batch.isEmpty()) {
                    continue;
                }
                // The batch's statements get the time left to its most urgent request.
                OptionalLong earliest = batch.stream().map(Job::deadline).filter(OptionalLong::isPresent)
                        .mapToLong(OptionalLong::getAsLong).min();
                try (Deadlines.Scope scope = earliest.isPresent() ? deadlines.startUntil(earliest.getAsLong())
                        : () -> { }) {
                    processor.accept(batch);
                } catch (Throwable unexpected) {
                    log.error("{}: a batch of {} failed", name, batch.size(), unexpected);
                } finally {
                    // Never leave a request waiting on a batch that is over.
                    batch.forEach(job -> job.result().completeExceptionally(
                            new IllegalStateException(name + ": the batch ended without an outcome")));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Job<I, O>> nextBatch() throws InterruptedException {
        Job<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        List<Job<I, O>> batch = new ArrayList<>(Math.min(settings.maxBatch(), 64));
        batch.add(first);
        queue.drainTo(batch, settings.maxBatch() - 1);
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        while (batch.size() < settings.maxBatch()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            Job<I, O> next = queue.poll(remaining, TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            batch.add(next);
            queue.drainTo(batch, settings.maxBatch() - batch.size());
        }
        batch.removeIf(job -> !job.take()); // withdrawn by requests that ran out of time
        return batch;
    }

    /** Stops taking work, lets the workers finish what is queued, then refuses what is left. */
    void close() throws InterruptedException {
        stopping = true;
        for (Thread worker : workers) {
            worker.join(10_000);
        }
        Job<I, O> left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new LedgerBusyException());
        }
    }
}
