package dev.bursar.internal.service;

import dev.bursar.internal.config.BursarProperties;
import dev.bursar.internal.deadline.DeadlineExceededException;
import dev.bursar.internal.deadline.Deadlines;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Gathers work submitted by concurrent requests into batches for a few worker threads: a worker
 * takes what is queued (up to a maximum, waiting at most a moment for more) and hands the whole
 * batch to the processor, which completes each job's result. Requests wait on their result;
 * on virtual threads waiting costs nothing. Batches grow by themselves under load, because
 * work queues up while the workers are busy.
 *
 * <p>Deadlines are each request's own. A request whose deadline passes gives up its job unless
 * the processor has already {@linkplain Job#seal() sealed} it (its outcome is being committed),
 * and only that request gets {@link DeadlineExceededException}: a batch works to the latest
 * deadline among its jobs, never to the earliest.
 */
final class Batcher<I, O> {

    private static final Logger log = LoggerFactory.getLogger(Batcher.class);

    /** One submitted piece of work, where its outcome goes, and who may still decide its fate. */
    static final class Job<I, O> {

        private static final int QUEUED = 0;
        private static final int IN_BATCH = 1;
        private static final int SEALED = 2;
        private static final int ABANDONED = 3;

        private final I input;
        private final CompletableFuture<O> result = new CompletableFuture<>();
        private final AtomicInteger state = new AtomicInteger(QUEUED);
        private final OptionalLong deadline;

        Job(I input, OptionalLong deadline) {
            this.input = input;
            this.deadline = deadline;
        }

        /**
         * A batch of one for the caller to process on its own thread (batching off): already in
         * its batch, and nobody else can give it up. The caller's own deadline bounds its work.
         */
        private static <I, O> Job<I, O> inBatch(I input) {
            Job<I, O> job = new Job<>(input, OptionalLong.empty());
            job.take();
            return job;
        }

        I input() {
            return input;
        }

        CompletableFuture<O> result() {
            return result;
        }

        /** The request's deadline as a {@link System#nanoTime()} value; empty when it has none. */
        OptionalLong deadline() {
            return deadline;
        }

        /**
         * The processor's promise that the job's outcome is about to be committed: from now on its
         * request waits for it, deadline or not. False when the request gave up first: the job must
         * then leave the batch before anything of it commits.
         */
        boolean seal() {
            return state.compareAndSet(IN_BATCH, SEALED) || state.get() == SEALED;
        }

        /** Whether the request gave up on this job, which therefore must never take effect. */
        boolean abandoned() {
            return state.get() == ABANDONED;
        }

        private boolean take() {
            return state.compareAndSet(QUEUED, IN_BATCH);
        }

        /** By the request, or for it once its deadline passed: true if the job will never take effect. */
        private boolean abandon() {
            return state.compareAndSet(QUEUED, ABANDONED) || state.compareAndSet(IN_BATCH, ABANDONED);
        }

        private boolean expiredAt(long now) {
            return deadline.isPresent() && deadline.getAsLong() - now <= 0;
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
    Batcher(
            String name,
            BursarProperties.GroupCommit settings,
            Deadlines deadlines,
            Consumer<List<Job<I, O>>> processor) {
        this.name = name;
        this.settings = settings;
        this.deadlines = deadlines;
        this.processor = processor;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        for (int i = 0; settings.enabled() && i < settings.workers(); i++) {
            workers.add(Thread.ofVirtual().name(name + "-" + i).start(this::work));
        }
    }

    /**
     * Queues the input and waits for its outcome (with group commit off, processes it at once as a
     * batch of one); a full queue is {@link LedgerBusyException}. If
     * the request's deadline passes before the job is sealed, the job is abandoned (it will never
     * take effect) and {@link DeadlineExceededException} is thrown; once sealed, its outcome is
     * awaited, since its transaction is committing.
     */
    O submit(I input) {
        if (!settings.enabled()) {
            // Group commit off: a batch of one, processed by the same code on the caller's own thread.
            Job<I, O> alone = Job.inBatch(input);
            processor.accept(List.of(alone));
            return outcome(alone);
        }
        Job<I, O> job = new Job<>(input, deadlines.deadline());
        if (stopping || !queue.offer(job)) {
            throw new LedgerBusyException();
        }
        try {
            OptionalLong remaining = deadlines.remainingNanos();
            if (remaining.isPresent()) {
                try {
                    return job.result().get(Math.max(0, remaining.getAsLong()), TimeUnit.NANOSECONDS);
                } catch (TimeoutException e) {
                    if (job.abandon()) {
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
            job.abandon();
            throw new DeadlineExceededException();
        }
    }

    /** The outcome of a job that has been processed: its result, or the exception it failed with. */
    private static <O> O outcome(Job<?, O> job) {
        try {
            return job.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void work() {
        try {
            while (!stopping || !queue.isEmpty()) {
                List<Job<I, O>> batch = nextBatch();
                if (batch.isEmpty()) {
                    continue;
                }
                OptionalLong latest = latestDeadline(batch);
                try (Deadlines.Scope scope = latest.isPresent() ? deadlines.startUntil(latest.getAsLong()) : () -> {}) {
                    processor.accept(batch);
                } catch (Throwable unexpected) {
                    log.error("{}: a batch of {} failed", name, batch.size(), unexpected);
                } finally {
                    // Never leave a request waiting on a batch that is over.
                    batch.forEach(job -> job.result()
                            .completeExceptionally(
                                    new IllegalStateException(name + ": the batch ended without an outcome")));
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * The batch's statements may run until the last of its requests gives up; earlier ones give up
     * alone. A job without a deadline (work outside a request) leaves the batch unbounded.
     */
    private static <I, O> OptionalLong latestDeadline(List<Job<I, O>> batch) {
        OptionalLong latest = OptionalLong.empty();
        for (Job<I, O> job : batch) {
            if (job.deadline().isEmpty()) {
                return OptionalLong.empty();
            }
            long deadline = job.deadline().getAsLong();
            if (latest.isEmpty() || deadline - latest.getAsLong() > 0) {
                latest = OptionalLong.of(deadline);
            }
        }
        return latest;
    }

    private List<Job<I, O>> nextBatch() throws InterruptedException {
        Job<I, O> first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        List<Job<I, O>> drained = new ArrayList<>(Math.min(settings.maxBatch(), 64));
        drained.add(first);
        queue.drainTo(drained, settings.maxBatch() - 1);
        long gatherUntil = System.nanoTime() + settings.maxWait().toNanos();
        while (drained.size() < settings.maxBatch()) {
            long remaining = gatherUntil - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            Job<I, O> next = queue.poll(remaining, TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            drained.add(next);
            queue.drainTo(drained, settings.maxBatch() - drained.size());
        }
        // Jobs whose requests already gave up, or whose deadline has passed, leave before the batch forms.
        long now = System.nanoTime();
        List<Job<I, O>> batch = new ArrayList<>(drained.size());
        for (Job<I, O> job : drained) {
            if (job.expiredAt(now) && job.abandon()) {
                job.result().completeExceptionally(new DeadlineExceededException());
            } else if (job.take()) {
                batch.add(job);
            }
        }
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
