package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.RawHttp;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Payer;
import dev.bursar.support.TestApi.Response;
import dev.bursar.support.WebSocketClient;
import java.io.IOException;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The event stream over WebSocket, through Java's own WebSocket client. */
@IntegrationTest
class EventWebSocketIT {

    private static final Duration PATIENCE = Duration.ofSeconds(10);
    private static final String PATH = "/api/v1/events/ws";

    @LocalServerPort
    int port;

    @Autowired
    TestApi api;

    @Test
    void transfersAreDeliveredLiveOneJsonObjectPerLineWithIncreasingSeq() throws Exception {
        Payer ada = api.newPayer(10_000);
        try (WebSocketClient socket =
                WebSocketClient.connect(port, PATH + "?ticket=" + ticket(ada.key()) + "&account_id=" + ada.from())) {
            String first = api.transfer(ada.key(), ada.from(), ada.to(), 2_500, "EUR")
                    .json()
                    .path("id")
                    .asString();
            String second = api.transfer(ada.key(), ada.from(), ada.to(), 500, "EUR")
                    .json()
                    .path("id")
                    .asString();

            List<JsonNode> events = socket.events(2, PATIENCE);
            assertThat(events).extracting(e -> e.path("type").asString()).containsOnly("entry.posted");
            assertThat(events)
                    .extracting(e -> e.path("account_id").asString())
                    .containsOnly(ada.from().toString());
            assertThat(events).extracting(e -> e.path("transfer_id").asString()).containsExactly(first, second);
            assertThat(events).extracting(e -> e.path("amount").asLong()).containsExactly(-2_500L, -500L);
            assertThat(events).extracting(e -> e.path("balance_after").asLong()).containsExactly(7_500L, 7_000L);
            assertThat(events.get(0).path("seq").asLong())
                    .isPositive()
                    .isLessThan(events.get(1).path("seq").asLong());
            assertThat(events.get(0).path("hold_id").isNull()).isTrue();
            assertThat(socket.during(Duration.ofMillis(300)))
                    .as("nothing else, nothing twice")
                    .isEmpty();
        }
    }

    @Test
    void manyEventsQueuedTogetherMayShareAFrameOnePerLine() throws Exception {
        Payer ada = api.newPayer(10_000);
        try (WebSocketClient socket =
                WebSocketClient.connect(port, PATH + "?ticket=" + ticket(ada.key()) + "&after=0")) {
            // The deposit and its account opening are stored already: the backlog comes as one page.
            for (int i = 1; i <= 5; i++) {
                api.transfer(ada.key(), ada.from(), ada.to(), i, "EUR");
            }
            List<JsonNode> events = socket.events(11, PATIENCE);
            assertThat(events.getFirst().path("amount").asLong()).isEqualTo(10_000);
            assertThat(events)
                    .extracting(e -> e.path("seq").asLong())
                    .isSorted()
                    .doesNotHaveDuplicates();
            assertThat(socket.frames()).isLessThanOrEqualTo(11);
        }
    }

    /** A backlog page of 60 events is one message of about 18 KB, larger than a session's buffers. */
    @Test
    void aBacklogLargerThanTheBuffersArrivesWholeInOrder() throws Exception {
        Payer ada = api.newPayer(100_000);
        for (int i = 1; i <= 30; i++) {
            api.transfer(ada.key(), ada.from(), ada.to(), i, "EUR");
        }
        try (WebSocketClient socket =
                WebSocketClient.connect(port, PATH + "?ticket=" + ticket(ada.key()) + "&after=0")) {
            List<JsonNode> events = socket.events(61, PATIENCE);
            assertThat(events)
                    .extracting(e -> e.path("seq").asLong())
                    .isSorted()
                    .doesNotHaveDuplicates();
            assertThat(socket.frames()).as("the backlog came in few messages").isLessThan(10);
        }
    }

    @Test
    void aTicketIsRefusedBeforeTheUpgradeWhenMissingUsedOrForged() throws Exception {
        Payer ada = api.newPayer(1_000);
        assertThat(refused(PATH + "?account_id=" + ada.from(), null)).isEqualTo(401);
        assertThat(refused(PATH, null)).isEqualTo(401);

        String ticket = ticket(ada.key());
        try (WebSocketClient first = WebSocketClient.connect(port, PATH + "?ticket=" + ticket)) {
            assertThat(first.isClosed()).isFalse();
            assertThat(refused(PATH + "?ticket=" + ticket, null))
                    .as("a used ticket")
                    .isEqualTo(401);
        }
        assertThat(refused(PATH + "?ticket=evt_" + "A".repeat(43), null))
                .as("a forged ticket")
                .isEqualTo(401);
        assertThat(refused(PATH + "?ticket=" + ada.key(), null))
                .as("an API key is no ticket")
                .isEqualTo(401);
    }

    @Test
    void aForeignAccountIsNotFoundBeforeTheUpgrade() throws Exception {
        Payer ada = api.newPayer(1_000);
        Payer bob = api.newPayer(1_000);
        assertThat(refused(PATH + "?ticket=" + ticket(ada.key()) + "&account_id=" + bob.from(), null))
                .isEqualTo(404);
        assertThat(refused(PATH + "?account_id=" + bob.from(), ada.key())).isEqualTo(404);
    }

    @Test
    void authorizationWorksInsteadOfATicket() throws Exception {
        Payer ada = api.newPayer(1_000);
        try (WebSocketClient socket =
                WebSocketClient.connect(port, PATH + "?account_id=" + ada.to(), ada.key(), true)) {
            api.transfer(ada.key(), ada.from(), ada.to(), 40, "EUR");
            JsonNode event = socket.events(1, PATIENCE).getFirst();
            assertThat(event.path("amount").asLong()).isEqualTo(40);
            assertThat(event.path("balance_after").asLong()).isEqualTo(40);
        }
    }

    @Test
    void aReconnectingClientGetsExactlyWhatItMissedThenLiveEvents() throws Exception {
        Payer ada = api.newPayer(10_000);
        String path = PATH + "?account_id=" + ada.from();
        long last;
        try (WebSocketClient socket = WebSocketClient.connect(port, path + "&ticket=" + ticket(ada.key()))) {
            api.transfer(ada.key(), ada.from(), ada.to(), 1, "EUR");
            last = socket.events(1, PATIENCE).getFirst().path("seq").asLong();
        }
        for (int i = 2; i <= 4; i++) { // while disconnected
            api.transfer(ada.key(), ada.from(), ada.to(), i, "EUR");
        }
        try (WebSocketClient socket =
                WebSocketClient.connect(port, path + "&ticket=" + ticket(ada.key()) + "&after=" + last)) {
            List<JsonNode> missed = socket.events(3, PATIENCE);
            assertThat(missed).extracting(e -> e.path("amount").asLong()).containsExactly(-2L, -3L, -4L);
            assertThat(missed.getFirst().path("seq").asLong()).isGreaterThan(last);
            api.transfer(ada.key(), ada.from(), ada.to(), 5, "EUR");
            JsonNode live = socket.events(1, PATIENCE).getFirst();
            assertThat(live.path("amount").asLong()).isEqualTo(-5);
            assertThat(live.path("balance_after").asLong()).isEqualTo(10_000 - 15);
            assertThat(live.path("seq").asLong())
                    .isGreaterThan(missed.getLast().path("seq").asLong());
            assertThat(socket.during(Duration.ofMillis(300)))
                    .as("nothing twice")
                    .isEmpty();
        }
    }

    @Test
    void aPlainGetIsABadRequestProblem() {
        Payer ada = api.newPayer(1_000);
        api.get(PATH, ada.key()).problem(400, "validation_failed");
        api.get(PATH + "?ticket=" + ticket(ada.key()), null).problem(400, "validation_failed");
    }

    /** Handshakes no WebSocket client would send, answered as problems like any other bad request. */
    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            no Connection: Upgrade            | Connection: close                                                       | Connection
            no key                            | Connection: Upgrade, close\\r\\nSec-WebSocket-Version: 13                 | Sec-WebSocket-Key
            a key that is not 16 bytes        | Connection: Upgrade, close\\r\\nSec-WebSocket-Version: 13\\r\\nSec-WebSocket-Key: c2hvcnQ= | Sec-WebSocket-Key
            no version                        | Connection: Upgrade, close\\r\\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ== | Sec-WebSocket-Version
            a version other than 13           | Connection: Upgrade, close\\r\\nSec-WebSocket-Version: 8\\r\\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ== | Sec-WebSocket-Version
            """)
    void aMalformedHandshakeIsABadRequestProblem(String what, String headers, String field) throws Exception {
        Payer ada = api.newPayer(0);
        Response refused = rawHandshake(ada.key(), headers.replace("\\r\\n", "\r\n"));
        JsonNode problem = refused.problem(400, "validation_failed");
        assertThat(problem.toString()).contains(field);
        assertThat(refused.header("Sec-WebSocket-Version")).isEqualTo("13");
    }

    @Test
    void badPositionsAreRefusedBeforeTheUpgrade() throws Exception {
        Payer ada = api.newPayer(1_000);
        assertThat(refused(PATH + "?after=-1", ada.key())).isEqualTo(400);
        assertThat(refused(PATH + "?account_id=nope", ada.key())).isEqualTo(400);
        Response plain = api.send("GET", PATH + "?after=x", ada.key(), null, Map.of("Accept", "application/json"));
        plain.problem(400, "validation_failed");
    }

    /** A handshake sent byte for byte (Java's clients refuse to send a malformed one). */
    private Response rawHandshake(String key, String headers) throws IOException {
        String request = "GET " + PATH + " HTTP/1.1\r\nHost: localhost\r\nUpgrade: websocket\r\n"
                + "Authorization: Bearer " + key + "\r\n" + headers + "\r\n\r\n";
        return RawHttp.exchange(api, port, "GET", PATH, request).response();
    }

    private String ticket(String key) {
        Response issued = api.post("/api/v1/events/tickets", key, null);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return issued.json().path("ticket").asString();
    }

    /** The status of a refused handshake. */
    private int refused(String pathAndQuery, String key) {
        WebSocketHandshakeException refused = catchThrowableOfType(
                WebSocketHandshakeException.class,
                () -> WebSocketClient.connect(port, pathAndQuery, key, true).close());
        assertThat(refused)
                .as("the handshake to " + pathAndQuery + " is refused")
                .isNotNull();
        return refused.getResponse().statusCode();
    }
}
