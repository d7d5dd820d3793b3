package dev.bursar.internal.repository;

import dev.bursar.internal.domain.IdempotencyClaim;
import dev.bursar.internal.domain.IdempotencyOutcome;
import dev.bursar.internal.domain.IdempotencyOutcome.Moved;
import dev.bursar.internal.domain.IdempotencyOutcome.Refused;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Idempotency-Key records. Times come from the database clock, shared by every replica. */
@Repository
public class IdempotencyRepository {

    /** What is stored under a key: the request's fingerprint and, once done, its outcome. */
    public record Stored(byte[] fingerprint, Optional<IdempotencyOutcome> outcome) {}

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
                            locked_until = EXCLUDED.locked_until, status = NULL, transfer_id = NULL,
                            problem = NULL, created_at = EXCLUDED.created_at,
                            expires_at = EXCLUDED.expires_at
                        WHERE r.expires_at < now() OR (r.status IS NULL AND r.locked_until < now())
                        RETURNING claim_token""")
                .params(claimParameters(claims))
                .param("fingerprints", Arrays.sql(fingerprints.toArray(byte[][]::new)))
                .param("claimTimeout", interval(claimTimeout))
                .param("retention", interval(retention))
                .query(UUID.class)
                .list();
    }

    public Optional<Stored> find(UUID callerId, String key) {
        return jdbc.sql("""
                        SELECT fingerprint, status, transfer_id, problem FROM idempotency_records
                        WHERE caller_id = :callerId AND key = :key AND expires_at >= now()""")
                .param("callerId", callerId)
                .param("key", key)
                .query((rs, row) -> {
                    int status = rs.getInt("status"); // 0 for NULL: still claimed
                    UUID transferId = rs.getObject("transfer_id", UUID.class);
                    Optional<IdempotencyOutcome> outcome = status == 0
                            ? Optional.empty()
                            : Optional.of(
                                    transferId != null
                                            ? new Moved(transferId)
                                            : new Refused(status, rs.getString("problem")));
                    return new Stored(rs.getBytes("fingerprint"), outcome);
                })
                .optional();
    }

    /**
     * Records the outcomes of many claimed requests in one statement (a transfer id, or the status
     * and problem of a refusal); returns the claims that were no longer held (normally none).
     */
    public List<IdempotencyClaim> completeAll(List<IdempotencyClaim> claims, List<IdempotencyOutcome> outcomes) {
        List<UUID> completed = jdbc.sql("""
                        UPDATE idempotency_records r
                        SET status = v.status, transfer_id = v.transfer_id, problem = v.problem,
                            claim_token = NULL, locked_until = NULL
                        FROM unnest(CAST(:callers AS uuid[]), CAST(:keys AS text[]), CAST(:tokens AS uuid[]),
                                    CAST(:statuses AS integer[]), CAST(:transferIds AS uuid[]),
                                    CAST(:problems AS text[]))
                             AS v(caller_id, key, token, status, transfer_id, problem)
                        WHERE r.caller_id = v.caller_id AND r.key = v.key AND r.claim_token = v.token
                        RETURNING v.token""")
                .params(claimParameters(claims))
                .param(
                        "statuses",
                        Arrays.sql(outcomes.stream()
                                .mapToInt(IdempotencyRepository::status)
                                .toArray()))
                .param(
                        "transferIds",
                        Arrays.sql(outcomes.stream()
                                .map(o -> o instanceof Moved m ? m.transferId().toString() : null)))
                .param("problems", Arrays.sql(outcomes.stream().map(o -> o instanceof Refused r ? r.problem() : null)))
                .query(UUID.class)
                .list();
        return claims.stream()
                .filter(claim -> !completed.contains(claim.token()))
                .toList();
    }

    /** The {@code :callers}, {@code :keys} and {@code :tokens} arrays of many claims. */
    private static Map<String, Object> claimParameters(List<IdempotencyClaim> claims) {
        return Map.of(
                "callers", Arrays.sql(claims.stream().map(c -> c.callerId().toString())),
                "keys", Arrays.sql(claims.stream().map(IdempotencyClaim::key)),
                "tokens", Arrays.sql(claims.stream().map(c -> c.token().toString())));
    }

    private static int status(IdempotencyOutcome outcome) {
        return switch (outcome) {
            case Moved moved -> 201;
            case Refused refused -> refused.status();
        };
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
