package dev.bursar.internal.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IsolatedIntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestProbes;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/** Requests beyond bursar.http.max-concurrent-requests wait for their turn; none fails. */
@IsolatedIntegrationTest(properties = {"bursar.http.max-concurrent-requests=3"})
@Import(TestProbes.class)
class ConcurrencyLimitIT {

    @LocalServerPort
    int port;

    @Test
    void requestsBeyondTheLimitWaitTheirTurn() throws Exception {
        TestApi api = new TestApi(port);
        List<Future<TestApi.Response>> responses = new ArrayList<>();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 12; i++) {
                responses.add(clients.submit(() -> api.get("/test-probe/slow", null)));
            }
        }

        int mostRunning = 0;
        for (Future<TestApi.Response> response : responses) {
            assertThat(response.get().status()).isEqualTo(200);
            mostRunning = Math.max(
                    mostRunning, response.get().json().path("most_running").asInt());
        }
        assertThat(mostRunning).as("requests running at once").isEqualTo(3);
        assertThat(api.get("/test-probe/thread", null).json().path("virtual").asBoolean())
                .isTrue();
    }
}
