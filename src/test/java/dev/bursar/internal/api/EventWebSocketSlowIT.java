package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IsolatedIntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Payer;
import dev.bursar.support.WebSocketClient;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * The bounded client buffer (16 events here): a WebSocket subscriber that stops reading is closed
 * with 1013 while a fast one on the same account receives every event and the money keeps moving.
 * (Pings keep their default period: a client that reads nothing answers no ping either.)
 */
@IsolatedIntegrationTest(properties = "bursar.events.client-buffer=16")
class EventWebSocketSlowIT {

    private static final String PATH = "/api/v1/events/ws";

    @LocalServerPort
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void aSubscriberThatStopsReadingIsClosedWith1013WhileAFastOneGetsEveryEvent() throws Exception {
        TestApi api = new TestApi(port);
        Payer ada = api.newPayer(0);
        UUID account = ada.to();
        String query = "&account_id=" + account;
        try (WebSocketClient fast = WebSocketClient.connect(port, PATH + "?ticket=" + ticket(api, ada.key()) + query);
                WebSocketClient slow = WebSocketClient.connect(
                        port, PATH + "?ticket=" + ticket(api, ada.key()) + query, null, false)) {
            double droppedBefore = dropped();
            AtomicInteger made = new AtomicInteger();
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            try (ExecutorService depositors = Executors.newVirtualThreadPerTaskExecutor()) {
                for (int i = 0; i < 4; i++) {
                    depositors.submit(() -> {
                        while (dropped() == droppedBefore && System.nanoTime() < deadline) {
                            api.deposit(account, 1); // asserts 201: money keeps moving
                            made.incrementAndGet();
                        }
                        return null;
                    });
                }
            }
            System.err.println("deposits until the slow subscriber was dropped: " + made.get());
            assertThat(dropped()).as("the slow subscriber was dropped").isEqualTo(droppedBefore + 1);

            assertThat(fast.closeReason()).as("the fast one is open").isNull();
            List<JsonNode> all = fast.events(made.get(), Duration.ofSeconds(20));
            assertThat(all)
                    .extracting(e -> e.path("balance_after").asLong())
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, made.get()).boxed().toList());
            assertThat(fast.closeReason()).isNull();

            slow.read();
            assertThat(slow.closeCode(Duration.ofSeconds(10))).isEqualTo(1013);
            List<JsonNode> before = slow.during(Duration.ZERO);
            assertThat(before)
                    .as("what the slow one got before its end has no gap")
                    .extracting(e -> e.path("balance_after").asLong())
                    .containsExactlyElementsOf(
                            LongStream.rangeClosed(1, before.size()).boxed().toList());
            assertThat(api.balance(account)).isEqualTo(made.get());
        }
    }

    private double dropped() {
        return meters.get("bursar.events.dropped").counter().count();
    }

    private static String ticket(TestApi api, String key) {
        var issued = api.send("POST", "/api/v1/events/tickets", key, null, Map.of());
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json().path("ticket").asString();
    }
}
