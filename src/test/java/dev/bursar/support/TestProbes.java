package dev.bursar.support;

import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Test-only endpoints that let tests observe what the server does from the inside. */
@TestConfiguration(proxyBeanMethods = false)
@Import(TestProbes.Probes.class)
public class TestProbes {

    @RestController
    static class Probes {

        private final AtomicInteger running = new AtomicInteger();
        private final AtomicInteger mostRunning = new AtomicInteger();

        /** Takes a while, and reports how many of its calls have ever run at the same time. */
        @GetMapping("/test-probe/slow")
        Map<String, Object> slow() throws InterruptedException {
            mostRunning.accumulateAndGet(running.incrementAndGet(), Math::max);
            try {
                Thread.sleep(200);
            } finally {
                running.decrementAndGet();
            }
            return Map.of("most_running", mostRunning.get());
        }

        /** Reports the thread that serves the request. */
        @GetMapping("/test-probe/thread")
        Map<String, Object> thread() {
            Thread thread = Thread.currentThread();
            return Map.of("virtual", thread.isVirtual(), "name", thread.getName());
        }

        /** Fails the way an unexpected bug would, with internals in the exception message. */
        @GetMapping("/test-probe/failure")
        Map<String, Object> failure() {
            throw new IllegalStateException("SELECT secret FROM internals at dev.bursar.Hidden.java:42");
        }
    }
}
