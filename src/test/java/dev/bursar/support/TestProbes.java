package dev.bursar.support;

import java.util.Map;
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
