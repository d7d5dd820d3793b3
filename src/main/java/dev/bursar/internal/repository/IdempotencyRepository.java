package dev.bursar.internal.repository;

import dev.bursar.internal.domain.IdempotencyClaim;
import dev.bursar.internal.domain.StoredResponse;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Idempotency-Key records. Times come from the database clock, shared by every replica. */
@Repository
public class IdempotencyRepository {

    /** What is stored under a key: the request's fingerprint and, once done, its response. */
    public record Stored(byte[] fingerprint, Optional<StoredResponse> response) {}

    private final JdbcClient jdbc;

    public IdempotencyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /**
     * Claims each key for its request unless another request holds a live claim or a response is
     * stored; an expired record, or a claim abandoned for {@code claimTimeout} (its request
     * crashed), is taken over. One statement for many keys: they must be distinct, and are claimed
     * in a fixed order, so two such statements never wait for each other in a circle. Returns the
     * tokens of the claims that were taken.
     */
    public List<UUID> claimAll(
            List<IdempotencyClaim> claims, List<byte[]> fingerprints, Duration claimTimeout, Duration retention) {
        return jdbc.sql("""
                        INSERT INTO idempotency_records AS r (caller_id, key, fingerprint, claim_token, locked_until,
                                                              created_at, expires_at)
                        SELECT v.caller_id, v.key, v.fingerprint, v.token, now() + CAST(:claimTimeout AS interval),
                               now(), now() + CAST(:retention AS interval)
                        FROM unnest(CAST(:callers AS uuid[]), CAST(:keys AS text[]), CAST(:fingerprints AS bytea[]),
                                    CAST(:tokens AS uuid[])) AS v(caller_id, key, fingerprint, token),
                             (SELECT set_config('synchronous_commit', 'off', true)) AS asynchronous_commit
                        ORDER BY v.caller_id, v.key
                        ON CONFLICT (caller_id, key) DO UPDATE
                        SET fingerprint = EXCLUDED.fingerprint, claim_token = EXCLUDED.claim_token,
                            locked_until = EXCLUDED.locked_until, status = NULL, content_type = NULL,
                            location = NULL, body = NULL, created_at = EXCLUDED.created_at,
                            expires_at = EXCLUDED.expires_at
                        WHERE r.expires_at < now() OR (r.status IS NULL AND r.locked_until < now())
                        RETURNING claim_token""")
                .param(
                        "callers",
                        Arrays.sql(claims.stream()
                                .map(c -> c.callerId().toString())
                                .toArray(String[]::new)))
                .param(
                        "keys",
                        Arrays.sql(claims.stream().map(IdempotencyClaim::key).toArray(String[]::new)))
                .param("fingerprints", Arrays.sql(fingerprints.toArray(byte[][]::new)))
                .param(
                        "tokens",
                        Arrays.sql(
                                claims.stream().map(c -> c.token().toString()).toArray(String[]::new)))
                .param("claimTimeout", interval(claimTimeout))
                .param("retention", interval(retention))
                .query(UUID.class)
                .list();
    }

    public Optional<Stored> find(UUID callerId, String key) {
        return jdbc.sql("""
                        SELECT fingerprint, status, content_type, location, body FROM idempotency_records
                        WHERE caller_id = :callerId AND key = :key AND expires_at >= now()""")
                .param("callerId", callerId)
                .param("key", key)
                .query((rs, row) -> {
                    int status = rs.getInt("status");
                    Optional<StoredResponse> response = rs.wasNull()
                            ? Optional.empty()
                            : Optional.of(new StoredResponse(
                                    status,
                                    rs.getString("content_type"),
                                    rs.getString("location"),
                                    rs.getBytes("body")));
                    return new Stored(rs.getBytes("fingerprint"), response);
                })
                .optional();
    }

    /**
     * Stores many responses of claimed requests in one statement; returns the claims that were
     * no longer held (normally none).
     */
    public List<IdempotencyClaim> completeAll(List<IdempotencyClaim> claims, List<StoredResponse> responses) {
        List<UUID> completed = jdbc.sql("""
                        UPDATE idempotency_records r
                        SET status = v.status, content_type = v.content_type, location = v.location, body = v.body,
                            claim_token = NULL, locked_until = NULL
                        FROM unnest(CAST(:callers AS uuid[]), CAST(:keys AS text[]), CAST(:tokens AS uuid[]),
                                    CAST(:statuses AS integer[]), CAST(:contentTypes AS text[]),
                                    CAST(:locations AS text[]), CAST(:bodies AS bytea[]))
                             AS v(caller_id, key, token, status, content_type, location, body)
                        WHERE r.caller_id = v.caller_id AND r.key = v.key AND r.claim_token = v.token
                        RETURNING v.token""")
                .param(
                        "callers",
                        Arrays.sql(claims.stream()
                                .map(c -> c.callerId().toString())
                                .toArray(String[]::new)))
                .param(
                        "keys",
                        Arrays.sql(claims.stream().map(IdempotencyClaim::key).toArray(String[]::new)))
                .param(
                        "tokens",
                        Arrays.sql(
                                claims.stream().map(c -> c.token().toString()).toArray(String[]::new)))
                .param(
                        "statuses",
                        Arrays.sql(responses.stream()
                                .mapToInt(StoredResponse::status)
                                .toArray()))
                .param(
                        "contentTypes",
                        Arrays.sql(responses.stream()
                                .map(StoredResponse::contentType)
                                .toArray(String[]::new)))
                .param(
                        "locations",
                        Arrays.sql(
                                responses.stream().map(StoredResponse::location).toArray(String[]::new)))
                .param(
                        "bodies",
                        Arrays.sql(responses.stream().map(StoredResponse::body).toArray(byte[][]::new)))
                .query(UUID.class)
                .list();
        return claims.stream()
                .filter(claim -> !completed.contains(claim.token()))
                .toList();
    }

    /** Gives a claim up, so that the request may be retried with the same key. */
    public void release(IdempotencyClaim claim) {
        jdbc.sql("""
                        DELETE FROM idempotency_records
                        USING (SELECT set_config('synchronous_commit', 'off', true)) AS asynchronous_commit
                        WHERE caller_id = :callerId AND key = :key AND claim_token = :token""")
                .param("callerId", claim.callerId())
                .param("key", claim.key())
                .param("token", claim.token())
                .update();
    }

    /** Deletes up to {@code limit} expired records; returns how many. */
    public int deleteExpired(int limit) {
        return jdbc.sql("""
                        DELETE FROM idempotency_records WHERE ctid IN (
                            SELECT ctid FROM idempotency_records WHERE expires_at < now() LIMIT :limit)""").param("limit", limit).update();
    }

    private static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }
}
