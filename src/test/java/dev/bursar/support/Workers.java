package dev.bursar.support;

import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Client threads for load tests, one virtual thread each. Closing waits for them all and then fails
 * with the first failure of any: an assertion thrown on a worker (a response the OpenAPI document
 * does not describe, an unexpected status) fails the test instead of silently ending that worker.
 */
public final class Workers implements AutoCloseable {

    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Future<?>> tasks = new CopyOnWriteArrayList<>();

    public <T> Future<T> submit(Callable<T> task) {
        Future<T> future = threads.submit(task);
        tasks.add(future);
        return future;
    }

    @Override
    public void close() {
        threads.close();
        Throwable first = null;
        for (Future<?> task : tasks) {
            if (task.state() != Future.State.FAILED) {
                continue;
            }
            if (first == null) {
                first = task.exceptionNow();
            } else if (first != task.exceptionNow()) {
                first.addSuppressed(task.exceptionNow());
            }
        }
        switch (first) {
            case null -> {}
            case Error error -> throw error;
            case RuntimeException exception -> throw exception;
            default -> throw new IllegalStateException("a worker failed", first);
        }
    }
}
