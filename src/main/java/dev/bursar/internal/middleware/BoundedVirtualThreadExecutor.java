package dev.bursar.internal.middleware;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executor;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;

/**
 * Runs each request on its own virtual thread, but at most {@code limit} at once. Requests beyond
 * that wait in line as a queued task, which costs a few bytes, instead of as a request being
 * processed, which holds buffers and a stack: under a flood of connections memory stays bounded
 * and the database pool is not besieged, while throughput is what the limit allows anyway.
 */
final class BoundedVirtualThreadExecutor implements Executor {

    private final Semaphore running;
    private final Queue<Runnable> waiting = new ConcurrentLinkedQueue<>();
    private final ThreadFactory threads;

    BoundedVirtualThreadExecutor(String namePrefix, int limit) {
        this.running = new Semaphore(limit);
        this.threads = Thread.ofVirtual().name(namePrefix, 0).factory();
    }

    @Override
    public void execute(Runnable task) {
        waiting.add(task);
        startWaiting();
    }

    /** Starts waiting tasks while there is room; called whenever a task arrives or finishes. */
    private void startWaiting() {
        while (!waiting.isEmpty() && running.tryAcquire()) {
            Runnable next = waiting.poll();
            if (next == null) {
                running.release(); // another thread took it; look again
                continue;
            }
            threads.newThread(() -> {
                        try {
                            next.run();
                        } finally {
                            running.release();
                            startWaiting();
                        }
                    })
                    .start();
        }
    }
}
