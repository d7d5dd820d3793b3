package dev.bursar.internal.repository;

import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.Event;
import dev.bursar.internal.domain.EventSelection;
import dev.bursar.internal.domain.EventType;
import dev.bursar.internal.domain.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * Reads of the event outbox (written by {@link LedgerRepository#recordEvents}), its retention, and
 * the tickets that let browsers subscribe. Times come from the database clock, shared by replicas.
 */
@Repository
public class EventRepository {

    /** The advisory lock that orders the commits of transactions writing events. */
    static final long COMMIT_ORDER_LOCK = 0x6275_7273_6172_6576L;
    /** The notification channel a committed batch of events wakes. */
    static final String CHANNEL = "bursar_events";

    private static final String COLUMNS =
            "seq, type, account_id, owner_id, transfer_id, hold_id, amount, balance_after,"
                    + " available_balance, created_at";

    /** Every account's events after a seq, for the event feed (see {@link EventFeedConnection}). */
    static final String AFTER = "SELECT " + COLUMNS + " FROM events WHERE seq > ? ORDER BY seq LIMIT ?";

    static final String LAST_SEQ = "SELECT coalesce(max(seq), 0) FROM events";

    private final JdbcClient jdbc;

    public EventRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Up to {@code limit} committed events after {@code seq} that the selection includes, in seq order. */
    public List<Event> after(long seq, EventSelection selection, int limit) {
        String where = switch (selection) {
            case EventSelection.All all -> "";
            case EventSelection.OwnedBy owned -> " AND owner_id = :owner";
            case EventSelection.Accounts accounts -> " AND account_id = ANY(CAST(:accounts AS uuid[]))";
        };
        var statement = jdbc.sql(
                        "SELECT " + COLUMNS + " FROM events WHERE seq > :seq" + where + " ORDER BY seq LIMIT :limit")
                .param("seq", seq)
                .param("limit", limit);
        switch (selection) {
            case EventSelection.OwnedBy owned -> statement = statement.param("owner", owned.ownerId());
            case EventSelection.Accounts accounts ->
                statement = statement.param("accounts", Arrays.column(accounts.accountIds(), UUID::toString));
            case EventSelection.All all -> {}
        }
        return statement.query(EventRepository::event).list();
    }

    /** The highest seq retention has deleted: a stream resuming before it would miss events. */
    public long horizon() {
        return jdbc.sql("SELECT seq FROM events_horizon").query(Long.class).single();
    }

    /** Deletes up to {@code limit} events older than {@code retention}, moving the horizon; returns how many. */
    public int deleteOlderThan(Duration retention, int limit) {
        return jdbc.sql("""
                        WITH deleted AS (
                            DELETE FROM events WHERE seq IN (
                                SELECT seq FROM events WHERE created_at < now() - CAST(:retention AS interval)
                                ORDER BY seq LIMIT :limit)
                            RETURNING seq)
                        UPDATE events_horizon SET seq = greatest(seq, (SELECT max(seq) FROM deleted))
                        WHERE EXISTS (SELECT 1 FROM deleted)
                        RETURNING (SELECT count(*) FROM deleted)""")
                .param("retention", retention.toMillis() + " milliseconds")
                .param("limit", limit)
                .query(Integer.class)
                .optional()
                .orElse(0);
    }

    /** Stores a ticket (its hash) for the caller; returns when it expires. */
    public Instant issueTicket(byte[] hash, Caller caller, Duration validity) {
        return jdbc.sql("""
                        INSERT INTO event_tickets (ticket_hash, user_id, api_key_id, expires_at)
                        VALUES (:hash, :user, :key, now() + CAST(:validity AS interval))
                        RETURNING expires_at""")
                .param("hash", hash)
                .param("user", caller.userId())
                .param("key", caller.apiKeyId())
                .param("validity", validity.toMillis() + " milliseconds")
                .query((rs, row) ->
                        rs.getObject("expires_at", OffsetDateTime.class).toInstant())
                .single();
    }

    /**
     * Uses a ticket up: the caller it was issued to, if it exists, has not expired and its API key
     * is still active. One statement deletes and answers, so a ticket serves one request on any replica.
     */
    public Optional<Caller> redeemTicket(byte[] hash) {
        return jdbc.sql("""
                        DELETE FROM event_tickets t
                        USING api_keys k, users u
                        WHERE t.ticket_hash = :hash AND t.expires_at > now()
                          AND k.id = t.api_key_id AND k.revoked_at IS NULL AND u.id = t.user_id
                        RETURNING t.user_id, u.role, t.api_key_id""")
                .param("hash", hash)
                .query((rs, row) -> new Caller(
                        rs.getObject("user_id", UUID.class),
                        Role.valueOf(rs.getString("role").toUpperCase(Locale.ROOT)),
                        rs.getObject("api_key_id", UUID.class)))
                .optional();
    }

    /** Deletes expired tickets; returns how many. */
    public int deleteExpiredTickets() {
        return jdbc.sql("DELETE FROM event_tickets WHERE expires_at < now()").update();
    }

    /** Those of these API keys that are revoked or gone. */
    public Set<UUID> revokedAmong(Collection<UUID> keyIds) {
        Set<UUID> active = jdbc.sql(
                        "SELECT id FROM api_keys WHERE id = ANY(CAST(:ids AS uuid[])) AND revoked_at IS NULL")
                .param("ids", Arrays.column(keyIds, UUID::toString))
                .query(UUID.class)
                .set();
        return keyIds.stream().filter(id -> !active.contains(id)).collect(Collectors.toSet());
    }

    static Event event(ResultSet rs, int row) throws SQLException {
        return new Event(
                rs.getLong("seq"),
                EventType.fromCode(rs.getString("type")),
                rs.getObject("account_id", UUID.class),
                rs.getObject("owner_id", UUID.class),
                rs.getObject("transfer_id", UUID.class),
                rs.getObject("hold_id", UUID.class),
                rs.getLong("amount"),
                rs.getLong("balance_after"),
                rs.getLong("available_balance"),
                rs.getObject("created_at", OffsetDateTime.class).toInstant());
    }
}
