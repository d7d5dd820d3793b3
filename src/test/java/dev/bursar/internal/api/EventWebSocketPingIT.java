package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IsolatedIntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Payer;
import dev.bursar.support.WebSocketClient;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The WebSocket's pings, every 200 ms here: a client that answers each ping within two periods
 * stays connected, one that answers none is closed. (Java's client answers a ping when it is
 * delivered, that is when the client asks for its next message.)
 */
@IsolatedIntegrationTest(properties = "bursar.events.ping=200ms")
class EventWebSocketPingIT {

    private static final String PATH = "/api/v1/events/ws";

    @LocalServerPort
    int port;

    @Test
    void aClientThatAnswersPingsStaysConnectedAndIsPinged() throws Exception {
        TestApi api = new TestApi(port);
        Payer ada = api.newPayer(1_000);
        try (WebSocketClient socket =
                WebSocketClient.connect(port, PATH + "?ticket=" + ticket(api, ada.key()) + "&account_id=" + ada.to())) {
            Thread.sleep(1_500);
            assertThat(socket.closeReason())
                    .as("open after 1.5 s of pings every 200 ms")
                    .isNull();
            assertThat(socket.pings()).as("the server pinged").isGreaterThanOrEqualTo(3);
            api.transfer(ada.key(), ada.from(), ada.to(), 7, "EUR");
            assertThat(socket.events(1, Duration.ofSeconds(10))
                            .getFirst()
                            .path("amount")
                            .asLong())
                    .isEqualTo(7);
        }
    }

    @Test
    void aClientMayTakeUpToTwoPeriodsToAnswerItsFirstPing() throws Exception {
        TestApi api = new TestApi(port);
        Payer ada = api.newPayer(1_000);
        try (WebSocketClient socket = WebSocketClient.connect(
                port, PATH + "?ticket=" + ticket(api, ada.key()) + "&account_id=" + ada.to(), null, false)) {
            // The first ping goes out at about 200 ms; the answer at about 500 ms is late but in time.
            Thread.sleep(500);
            socket.read();
            Thread.sleep(1_000);
            assertThat(socket.closeReason())
                    .as("open: every ping was answered within 400 ms")
                    .isNull();
            assertThat(socket.pings()).isGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void aClientThatAnswersNoPingIsClosed() throws Exception {
        TestApi api = new TestApi(port);
        Payer ada = api.newPayer(1_000);
        try (WebSocketClient socket = WebSocketClient.connect(
                port, PATH + "?ticket=" + ticket(api, ada.key()) + "&account_id=" + ada.to(), null, false)) {
            Thread.sleep(1_500); // asks for nothing, so answers no ping
            socket.read();
            assertThat(socket.closeCode(Duration.ofSeconds(5))).isEqualTo(1001);
            assertThat(socket.closeReason()).contains("no pong");
        }
    }

    private static String ticket(TestApi api, String key) {
        var issued = api.post("/api/v1/events/tickets", key, null);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json().path("ticket").asString();
    }
}
