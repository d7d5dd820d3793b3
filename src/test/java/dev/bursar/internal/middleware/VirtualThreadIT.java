package dev.bursar.internal.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

@IntegrationTest
class VirtualThreadIT {

    @LocalServerPort
    int port;

    @Test
    void requestsAreServedOnVirtualThreads() {
        var response = new TestApi(port).get("/test-probe/thread", null);

        assertThat(response.status()).isEqualTo(200);
        assertThat(response.json().path("virtual").asBoolean())
                .as(response.body())
                .isTrue();
    }
}
