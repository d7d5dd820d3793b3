package dev.bursar.internal.repository;

import dev.bursar.internal.domain.Account;
import dev.bursar.internal.domain.Entry;
import dev.bursar.internal.domain.Event;
import dev.bursar.internal.domain.IdempotencyClaim;
import dev.bursar.internal.domain.IdempotencyOutcome;
import dev.bursar.internal.domain.IdempotencyOutcome.Moved;
import dev.bursar.internal.domain.IdempotencyOutcome.Refused;
import dev.bursar.internal.domain.Keyset;
import dev.bursar.internal.domain.PageRequest;
import dev.bursar.internal.domain.Transfer;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.data.jdbc.core.convert.EntityRowMapper;
import org.springframework.data.jdbc.core.convert.JdbcConverter;
import org.springframework.data.relational.core.mapping.RelationalPersistentEntity;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/**
 * The ledger's SQL: transfers and their entries, written together with the balances they change,
 * and the Idempotency-Key records written with them. Hand-written, batched statements (one
 * statement for a whole batch, arrays through {@code unnest}), because this is the write path
 * whose round trips bound the throughput. Times of key records come from the database clock,
 * shared by every replica.
 */
@Repository
public class LedgerRepository {

    private static final String TRANSFER_COLUMNS =
            "t.id, t.kind, t.from_account_id, t.to_account_id, t.amount, t.currency, t.description, t.created_at";
    private static final String ENTRY_COLUMNS =
            "id, transfer_id, account_id, entry_no, amount, balance_after, created_at";

    /** What is stored under an Idempotency-Key: the request's fingerprint and, once done, its outcome. */
    public record KeyRecord(byte[] fingerprint, Optional<IdempotencyOutcome> outcome) {}

    /** A transfer and the owners of its two accounts (null for system accounts), for visibility checks. */
    public record TransferWithOwners(Transfer transfer, UUID fromOwnerId, UUID toOwnerId) {}

    private final JdbcClient jdbc;
    private final RowMapper<Account> accounts;
    private final RowMapper<Transfer> transfers;
    private final RowMapper<Entry> entries;

    public LedgerRepository(JdbcClient jdbc, JdbcConverter converter) {
        this.jdbc = jdbc;
        this.accounts = rowsOf(Account.class, converter);
        this.transfers = rowsOf(Transfer.class, converter);
        this.entries = rowsOf(Entry.class, converter);
    }

    /** Rows read the way Spring Data JDBC reads its aggregates: columns by name, its converters included. */
    @SuppressWarnings("unchecked") // the mapping context answers for a class with that class's entity
    private static <T> RowMapper<T> rowsOf(Class<T> type, JdbcConverter converter) {
        return new EntityRowMapper<>(
                (RelationalPersistentEntity<T>) converter.getMappingContext().getRequiredPersistentEntity(type),
                converter);
    }

    /**
     * Locks the accounts (rows that exist among the ids) for the rest of the transaction, always in
     * id order: two transactions locking the same accounts queue up instead of deadlocking.
     */
    public List<Account> lockInIdOrder(Collection<UUID> ids) {
        return jdbc.sql("SELECT * FROM accounts WHERE id = ANY(CAST(:ids AS uuid[])) ORDER BY id FOR UPDATE")
                .param("ids", Arrays.column(ids, UUID::toString))
                .query(accounts)
                .list();
    }

    /** Writes balances and entry counts of accounts the calling transaction holds locked. */
    public void updateBalances(Collection<Account> changed) {
        jdbc.sql("""
                        UPDATE accounts a
                        SET balance = v.balance, entry_count = v.entry_count, updated_at = v.updated_at
                        FROM unnest(CAST(:ids AS uuid[]), CAST(:balances AS bigint[]), CAST(:counts AS bigint[]),
                                    CAST(:updatedAt AS timestamptz[])) AS v(id, balance, entry_count, updated_at)
                        WHERE a.id = v.id""")
                .param("ids", Arrays.column(changed, Account::id))
                .param("balances", Arrays.column(changed, Account::balance))
                .param("counts", Arrays.column(changed, Account::entryCount))
                .param("updatedAt", Arrays.column(changed, Account::updatedAt))
                .update();
    }

    /** Writes many transfers and their entries in two statements; balances are written separately. */
    public void recordAll(List<Transfer> transfers, List<Entry> entries) {
        jdbc.sql("""
                        INSERT INTO transfers (id, kind, from_account_id, to_account_id, amount, currency, description,
                                               created_at)
                        SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:kinds AS text[]), CAST(:froms AS uuid[]),
                                             CAST(:tos AS uuid[]), CAST(:amounts AS bigint[]),
                                             CAST(:currencies AS text[]), CAST(:descriptions AS text[]),
                                             CAST(:createdAt AS timestamptz[]))""")
                .param("ids", Arrays.column(transfers, Transfer::id))
                .param("kinds", Arrays.column(transfers, t -> t.kind().code()))
                .param("froms", Arrays.column(transfers, Transfer::fromAccountId))
                .param("tos", Arrays.column(transfers, Transfer::toAccountId))
                .param("amounts", Arrays.column(transfers, Transfer::amount))
                .param("currencies", Arrays.column(transfers, Transfer::currency))
                .param("descriptions", Arrays.column(transfers, Transfer::description))
                .param("createdAt", Arrays.column(transfers, Transfer::createdAt))
                .update();
        jdbc.sql("""
                        INSERT INTO entries (id, transfer_id, account_id, entry_no, amount, balance_after, created_at)
                        SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:transfers AS uuid[]), CAST(:accounts AS uuid[]),
                                             CAST(:entryNos AS bigint[]), CAST(:amounts AS bigint[]),
                                             CAST(:balances AS bigint[]), CAST(:createdAt AS timestamptz[]))""")
                .params(Map.of(
                        "ids", Arrays.column(entries, Entry::id),
                        "transfers", Arrays.column(entries, Entry::transferId),
                        "accounts", Arrays.column(entries, Entry::accountId),
                        "entryNos", Arrays.column(entries, Entry::entryNo),
                        "amounts", Arrays.column(entries, Entry::amount),
                        "balances", Arrays.column(entries, Entry::balanceAfter),
                        "createdAt", Arrays.column(entries, Entry::createdAt)))
                .update();
    }

    /**
     * Writes the events of what this transaction changed, as its last statement, and wakes every
     * replica's event feed when it commits. Their seqs are taken under an advisory lock that the
     * transaction holds until its commit is visible, so seqs become visible in increasing order: a
     * reader resuming after the highest seq it saw never misses one committed a moment later (see
     * V7__events.sql). The lock serializes only this statement and the commit that follows it.
     * An event's time is the database's clock at this statement, the last before the commit: the
     * moment its change is about to become visible, from which delivery lag is measured.
     */
    public void recordEvents(List<Event> events) {
        jdbc.sql("""
                        INSERT INTO events (seq, type, account_id, owner_id, transfer_id, hold_id, amount, balance_after,
                                            available_balance, created_at)
                        SELECT nextval('events_seq'), v.type, v.account_id, v.owner_id, v.transfer_id, v.hold_id,
                               v.amount, v.balance_after, v.available_balance, clock_timestamp()
                        FROM (SELECT pg_advisory_xact_lock(:commitOrder), pg_notify(:channel, '')) AS commit_order,
                             unnest(CAST(:types AS text[]), CAST(:accounts AS uuid[]), CAST(:owners AS uuid[]),
                                    CAST(:transfers AS uuid[]), CAST(:holds AS uuid[]), CAST(:amounts AS bigint[]),
                                    CAST(:balances AS bigint[]), CAST(:available AS bigint[]))
                             WITH ORDINALITY AS v(type, account_id, owner_id, transfer_id, hold_id, amount,
                                                  balance_after, available_balance, position)
                        ORDER BY v.position""")
                .param("commitOrder", EventRepository.COMMIT_ORDER_LOCK)
                .param("channel", EventRepository.CHANNEL)
                .params(Map.of(
                        "types", Arrays.column(events, e -> e.type().code()),
                        "accounts", Arrays.column(events, Event::accountId),
                        "owners", Arrays.column(events, Event::ownerId),
                        "transfers", Arrays.column(events, Event::transferId),
                        "holds", Arrays.column(events, Event::holdId),
                        "amounts", Arrays.column(events, Event::amount),
                        "balances", Arrays.column(events, Event::balanceAfter),
                        "available", Arrays.column(events, Event::availableBalance)))
                .update();
    }

    /** The transfers with these ids that exist, by id. */
    public Map<UUID, Transfer> findTransfers(Collection<UUID> ids) {
        return jdbc
                .sql("SELECT " + TRANSFER_COLUMNS + " FROM transfers t WHERE t.id = ANY(CAST(:ids AS uuid[]))")
                .param("ids", Arrays.column(ids, UUID::toString))
                .query(transfers)
                .list()
                .stream()
                .collect(Collectors.toMap(Transfer::id, Function.identity()));
    }

    public Optional<TransferWithOwners> findTransfer(UUID id) {
        return jdbc.sql("SELECT " + TRANSFER_COLUMNS + ", f.owner_id AS from_owner_id, d.owner_id AS to_owner_id"
                        + " FROM transfers t JOIN accounts f ON f.id = t.from_account_id"
                        + " JOIN accounts d ON d.id = t.to_account_id WHERE t.id = :id")
                .param("id", id)
                .query((rs, row) -> new TransferWithOwners(
                        transfers.mapRow(rs, row),
                        rs.getObject("from_owner_id", UUID.class),
                        rs.getObject("to_owner_id", UUID.class)))
                .optional();
    }

    /** Up to {@code limit + 1} of the account's entries before the keyset, newest first. */
    public List<Entry> entries(UUID accountId, PageRequest page) {
        Keyset.ByEntryNo before = page.after().map(Keyset.ByEntryNo.class::cast).orElse(null);
        return jdbc.sql("SELECT " + ENTRY_COLUMNS + " FROM entries WHERE account_id = :accountId"
                        + (before == null ? "" : " AND entry_no < :entryNo")
                        + " ORDER BY entry_no DESC LIMIT :limit")
                .param("accountId", accountId)
                .param("entryNo", before == null ? null : before.entryNo())
                .param("limit", page.limit() + 1)
                .query(entries)
                .list();
    }

    /**
     * Claims each key for its request unless another request holds a live claim or a response is
     * stored; an expired record, or a claim abandoned for {@code claimTimeout} (its request
     * crashed), is taken over. One statement for many keys: they must be distinct, and are claimed
     * in a fixed order, so two such statements never wait for each other in a circle. Returns the
     * tokens of the claims that were taken.
     */
    public List<UUID> claimKeys(
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

    public Optional<KeyRecord> findKey(UUID callerId, String key) {
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
                    return new KeyRecord(rs.getBytes("fingerprint"), outcome);
                })
                .optional();
    }

    /**
     * Records the outcomes of many claimed requests in one statement (a transfer id, or the status
     * and problem of a refusal); returns the claims that were no longer held (normally none).
     */
    public List<IdempotencyClaim> recordKeyOutcomes(List<IdempotencyClaim> claims, List<IdempotencyOutcome> outcomes) {
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
                .param("statuses", Arrays.column(outcomes, LedgerRepository::status))
                .param("transferIds", Arrays.column(outcomes, o -> o instanceof Moved m ? m.transferId() : null))
                .param("problems", Arrays.column(outcomes, o -> o instanceof Refused r ? r.problem() : null))
                .query(UUID.class)
                .list();
        return claims.stream()
                .filter(claim -> !completed.contains(claim.token()))
                .toList();
    }

    /** The {@code :callers}, {@code :keys} and {@code :tokens} arrays of many claims. */
    private static Map<String, Object> claimParameters(List<IdempotencyClaim> claims) {
        return Map.of(
                "callers", Arrays.column(claims, IdempotencyClaim::callerId),
                "keys", Arrays.column(claims, IdempotencyClaim::key),
                "tokens", Arrays.column(claims, IdempotencyClaim::token));
    }

    private static int status(IdempotencyOutcome outcome) {
        return switch (outcome) {
            case Moved moved -> 201;
            case Refused refused -> refused.status();
        };
    }

    /** Gives a claim up, so that the request may be retried with the same key. */
    public void releaseKey(IdempotencyClaim claim) {
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
    public int deleteExpiredKeys(int limit) {
        return jdbc.sql("""
                        DELETE FROM idempotency_records WHERE ctid IN (
                            SELECT ctid FROM idempotency_records WHERE expires_at < now() LIMIT :limit)""").param("limit", limit).update();
    }

    private static String interval(Duration duration) {
        return duration.toMillis() + " milliseconds";
    }
}
