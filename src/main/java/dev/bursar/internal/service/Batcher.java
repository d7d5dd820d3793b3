package dev.bursar.internal.service;

import dev.bursar.internal.config.BursarProperties;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
    record Job<I, O>(I input, CompletableFuture<O> result) {
    }

    private final String name;
    private final BursarProperties.GroupCommit settings;
    private final Consumer<List<Job<I, O>>> processor;
    private final BlockingQueue<Job<I, O>> queue;
    private final List<Thread> workers = new ArrayList<>();
    private volatile boolean stopping;

    /** @param processor completes the result of every job of the batch it is given */
    Batcher(String name, BursarProperties.GroupCommit settings, Consumer<List<Job<I, O>>> processor) {
        this.name = name;
        this.settings = settings;
        this.processor = processor;
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        for (int i = 0; i < settings.workers(); i++) {
            workers.add(Thread.ofVirtual().name(name + "-" + i).start(this::work));
        }
    }

    /** Queues the input and waits for its outcome; a full queue is {@link LedgerBusyException}. */
    O submit(I input) {
        Job<I, O> job = new Job<>(input, new CompletableFuture<>());
        if (stopping || !queue.offer(job)) {
            throw new LedgerBusyException();
        }
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
                try {
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
