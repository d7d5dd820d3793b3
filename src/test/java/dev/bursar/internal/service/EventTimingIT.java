package dev.bursar.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.internal.domain.Event;
import dev.bursar.internal.domain.EventType;
import dev.bursar.internal.repository.LedgerRepository;
import dev.bursar.support.IsolatedIntegrationTest;
import dev.bursar.support.SseClient;
import dev.bursar.support.SseClient.Message;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Payer;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The stream's clocks, shortened: keep-alive comments on a quiet stream, and retention, which
 * deletes old events and turns a resume from before them into 410 events_expired.
 */
@IsolatedIntegrationTest(properties = {"bursar.events.keep-alive=200ms", "bursar.events.retention=1m"})
class EventTimingIT {

    @LocalServerPort
    int port;

    @Autowired
    LedgerRepository ledger;

    @Autowired
    EventService events;

    @Autowired
    PlatformTransactionManager transactions;

    @Autowired
    JdbcTemplate jdbc;

    @Test
    void aQuietStreamCarriesKeepAliveComments() throws Exception {
        TestApi api = new TestApi(port);
        Payer ada = api.newPayer(1_000);
        try (SseClient stream = SseClient.open(api, port, "/api/v1/events", ada.key(), null)) {
            List<Message> quiet = stream.during(Duration.ofMillis(1_100));
            assertThat(quiet)
                    .filteredOn(message -> "keepalive".equals(message.comment()))
                    .as("a comment every 200 ms")
                    .hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void retentionDeletesOldEventsAndAResumeFromBeforeThemIsGone() throws Exception {
        TestApi api = new TestApi(port);
        Payer ada = api.newPayer(1_000);
        // An event (retention is 1 minute here).
        new TransactionTemplate(transactions)
                .executeWithoutResult(status -> ledger.recordEvents(List.of(new Event(
                        0,
                        EventType.ENTRY_POSTED,
                        ada.to(),
                        ada.id(),
                        UUID.randomUUID(),
                        null,
                        5,
                        5,
                        5,
                        Instant.now().minus(Duration.ofMinutes(2))))));
        // Its time is the database's when it is recorded: make it two minutes old.
        jdbc.update("UPDATE events SET created_at = now() - interval '2 minutes' WHERE account_id = ?", ada.to());
        List<Long> seqs = api.get("/api/v1/events?account_id=" + ada.to(), ada.key())
                .json()
                .path("data")
                .valueStream()
                .map(e -> e.path("seq").asLong())
                .toList();
        assertThat(seqs).hasSize(1);
        long old = seqs.getFirst();

        events.deleteExpired();

        assertThat(api.get("/api/v1/events?account_id=" + ada.to(), ada.key())
                        .json()
                        .path("data"))
                .isEmpty();
        api.get("/api/v1/events?after=" + (old - 1), ada.key()).problem(410, "events_expired");
        api.send(
                        "GET",
                        "/api/v1/events",
                        ada.key(),
                        null,
                        java.util.Map.of("Accept", "text/event-stream", "Last-Event-ID", Long.toString(old - 1)))
                .problem(410, "events_expired");
        // From the horizon on, or from the oldest kept (0), resuming works.
        assertThat(api.get("/api/v1/events?after=" + old, ada.key()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/events?after=0", ada.key()).status()).isEqualTo(200);
    }
}
