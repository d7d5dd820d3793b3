package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.SseClient;
import dev.bursar.support.SseClient.Message;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Payer;
import dev.bursar.support.TestApi.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** Server-Sent Events and the page of events, through real HTTP clients. */
@IntegrationTest
class EventStreamIT {

    private static final Duration PATIENCE = Duration.ofSeconds(10);

    @LocalServerPort
    int port;

    @Autowired
    TestApi api;

    @Test
    void aTransferIsStreamedLiveToItsOwnerAsTwoEntriesInJournalOrder() throws Exception {
        Payer ada = api.newPayer(10_000);
        try (SseClient stream = SseClient.open(api, port, "/api/v1/events", ada.key(), null)) {
            Response transfer = api.transfer(ada.key(), ada.from(), ada.to(), 2_500, "EUR");
            assertThat(transfer.status()).isEqualTo(201);

            List<Message> events = stream.events(2, PATIENCE);
            String transferId = transfer.json().path("id").asString();
            assertThat(events).extracting(Message::event).containsOnly("entry.posted");
            assertThat(events.get(0).seq()).isLessThan(events.get(1).seq());
            assertThat(events).allSatisfy(event -> assertThat(event.id()).isEqualTo(Long.toString(event.seq())));
            JsonNode debit = events.stream()
                    .map(Message::json)
                    .filter(e ->
                            e.path("account_id").asString().equals(ada.from().toString()))
                    .findFirst()
                    .orElseThrow();
            assertThat(debit.path("type").asString()).isEqualTo("entry.posted");
            assertThat(debit.path("transfer_id").asString()).isEqualTo(transferId);
            assertThat(debit.path("amount").asLong()).isEqualTo(-2_500);
            assertThat(debit.path("balance_after").asLong()).isEqualTo(7_500);
            assertThat(debit.path("available_balance").asLong()).isEqualTo(7_500);
            assertThat(debit.path("hold_id").isNull()).isTrue();
            assertThat(debit.has("owner_id")).as("who may see it is not sent").isFalse();
        }
    }

    @Test
    void aStreamOfOneAccountCarriesOnlyThatAccountsEvents() throws Exception {
        Payer ada = api.newPayer(10_000);
        try (SseClient stream = SseClient.open(api, port, "/api/v1/events?account_id=" + ada.to(), ada.key(), null)) {
            api.transfer(ada.key(), ada.from(), ada.to(), 100, "EUR");
            api.transfer(ada.key(), ada.from(), ada.to(), 200, "EUR");

            List<Message> events = stream.events(2, PATIENCE);
            assertThat(events)
                    .extracting(event -> event.json().path("account_id").asString())
                    .containsOnly(ada.to().toString());
            assertThat(events)
                    .extracting(event -> event.json().path("balance_after").asLong())
                    .containsExactly(100L, 300L);
        }
    }

    @Test
    void aReconnectingClientGetsWhatItMissedOnceAndThenLiveEvents() throws Exception {
        Payer ada = api.newPayer(10_000);
        String path = "/api/v1/events?account_id=" + ada.from();
        String last;
        try (SseClient stream = SseClient.open(api, port, path, ada.key(), null)) {
            api.transfer(ada.key(), ada.from(), ada.to(), 1, "EUR");
            last = stream.events(1, PATIENCE).getFirst().id();
        }
        for (int i = 2; i <= 4; i++) { // while disconnected
            api.transfer(ada.key(), ada.from(), ada.to(), i, "EUR");
        }
        try (SseClient stream = SseClient.open(api, port, path, ada.key(), last)) {
            List<Message> missed = stream.events(3, PATIENCE);
            assertThat(missed)
                    .extracting(event -> event.json().path("amount").asLong())
                    .containsExactly(-2L, -3L, -4L);
            api.transfer(ada.key(), ada.from(), ada.to(), 5, "EUR");
            Message live = stream.events(1, PATIENCE).getFirst();
            assertThat(live.json().path("amount").asLong()).isEqualTo(-5);
            assertThat(live.seq()).isGreaterThan(missed.getLast().seq());
            assertThat(stream.during(Duration.ofMillis(300)))
                    .as("nothing twice")
                    .noneMatch(message -> message.event() != null);
        }
        // ?after= says the same as Last-Event-ID.
        try (SseClient stream = SseClient.open(api, port, path + "&after=" + last, ada.key(), null)) {
            assertThat(stream.events(4, PATIENCE))
                    .extracting(event -> event.json().path("amount").asLong())
                    .containsExactly(-2L, -3L, -4L, -5L);
        }
    }

    @Test
    void thePageOfEventsListsStoredEventsOldestFirstWithACursor() {
        Payer ada = api.newPayer(10_000);
        for (int i = 1; i <= 3; i++) {
            api.transfer(ada.key(), ada.from(), ada.to(), i, "EUR");
        }
        String path = "/api/v1/events?account_id=" + ada.from() + "&limit=2";
        Response first = api.get(path, ada.key());
        assertThat(first.status()).isEqualTo(200);
        // The deposit, then the first transfer.
        assertThat(first.json()
                        .path("data")
                        .valueStream()
                        .map(e -> e.path("amount").asLong()))
                .containsExactly(10_000L, -1L);
        String cursor = first.json().path("next_cursor").asString();
        Response second = api.get(path + "&cursor=" + cursor, ada.key());
        assertThat(second.json()
                        .path("data")
                        .valueStream()
                        .map(e -> e.path("amount").asLong()))
                .containsExactly(-2L, -3L);
        long seqOfFirstTransfer = first.json().path("data").get(1).path("seq").asLong();
        Response after = api.get("/api/v1/events?account_id=" + ada.from() + "&after=" + seqOfFirstTransfer, ada.key());
        assertThat(after.json()
                        .path("data")
                        .valueStream()
                        .map(e -> e.path("amount").asLong()))
                .containsExactly(-2L, -3L);
    }

    @Test
    void aForeignAccountIsNotFoundAndAnAdminMayFollowAnyAccount() throws Exception {
        Payer ada = api.newPayer(1_000);
        Payer bob = api.newPayer(1_000);
        api.get("/api/v1/events?account_id=" + bob.from(), ada.key()).problem(404, "not_found");
        Response foreign = api.send(
                "GET",
                "/api/v1/events?account_id=" + bob.from(),
                ada.key(),
                null,
                Map.of("Accept", "text/event-stream"));
        foreign.problem(404, "not_found");
        api.get("/api/v1/events?account_id=" + UUID.randomUUID(), ada.key()).problem(404, "not_found");
        api.get("/api/v1/events", null).problem(401, "unauthorized");

        try (SseClient stream =
                SseClient.open(api, port, "/api/v1/events?account_id=" + bob.from(), TestApi.ADMIN_KEY, null)) {
            api.transfer(bob.key(), bob.from(), bob.to(), 10, "EUR");
            assertThat(stream.events(1, PATIENCE)
                            .getFirst()
                            .json()
                            .path("amount")
                            .asLong())
                    .isEqualTo(-10);
        }
    }

    @Test
    void aUserFollowingAllTheirAccountsSeesNoOneElsesEvents() throws Exception {
        Payer ada = api.newPayer(1_000);
        Payer bob = api.newPayer(1_000);
        try (SseClient stream = SseClient.open(api, port, "/api/v1/events", ada.key(), null)) {
            api.transfer(bob.key(), bob.from(), bob.to(), 10, "EUR");
            api.transfer(ada.key(), ada.from(), ada.to(), 20, "EUR");
            List<Message> events = stream.events(2, PATIENCE);
            assertThat(events)
                    .extracting(event -> event.json().path("account_id").asString())
                    .containsExactlyInAnyOrder(ada.from().toString(), ada.to().toString());
        }
    }

    @Test
    void badPositionsAreValidationFailures() {
        Payer ada = api.newPayer(1_000);
        api.get("/api/v1/events?after=-1", ada.key()).problem(400, "validation_failed");
        api.get("/api/v1/events?after=x", ada.key()).problem(400, "validation_failed");
        api.get("/api/v1/events?account_id=nope", ada.key()).problem(400, "validation_failed");
        api.send("GET", "/api/v1/events", ada.key(), null, Map.of("Accept", "text/event-stream", "Last-Event-ID", "x"))
                .problem(400, "validation_failed");
    }

    @Test
    void aTicketOpensOneStreamOnceAndNothingElse() throws Exception {
        Payer ada = api.newPayer(1_000);
        Response issued = api.post("/api/v1/events/tickets", ada.key(), null);
        assertThat(issued.status()).isEqualTo(201);
        assertThat(issued.header("Location")).isNull();
        String ticket = issued.json().path("ticket").asString();
        assertThat(issued.json().path("expires_at").asString()).isNotBlank();

        // Not an API key: other routes refuse it.
        api.get("/api/v1/me?ticket=" + ticket, null).problem(401, "unauthorized");
        try (SseClient stream =
                SseClient.open(api, port, "/api/v1/events?account_id=" + ada.to() + "&ticket=" + ticket, null, null)) {
            api.transfer(ada.key(), ada.from(), ada.to(), 10, "EUR");
            assertThat(stream.events(1, PATIENCE)
                            .getFirst()
                            .json()
                            .path("amount")
                            .asLong())
                    .isEqualTo(10);
        }
        Response again =
                api.send("GET", "/api/v1/events?ticket=" + ticket, null, null, Map.of("Accept", "text/event-stream"));
        again.problem(401, "unauthorized");
        api.send("GET", "/api/v1/events?ticket=evt_forged", null, null, Map.of("Accept", "text/event-stream"))
                .problem(401, "unauthorized");
    }

    @Test
    void aStreamEndsWithinSecondsOfItsKeyBeingRevoked() throws Exception {
        Payer ada = api.newPayer(1_000);
        TestApi.IssuedKey second = api.issueKey(ada.id(), TestApi.ADMIN_KEY);
        try (SseClient stream = SseClient.open(api, port, "/api/v1/events", second.secret(), null)) {
            assertThat(api.delete("/api/v1/users/" + ada.id() + "/api-keys/" + second.id(), TestApi.ADMIN_KEY)
                            .status())
                    .isEqualTo(204);
            assertThat(stream.endsWithin(Duration.ofSeconds(5))).isTrue();
        }
    }
}
