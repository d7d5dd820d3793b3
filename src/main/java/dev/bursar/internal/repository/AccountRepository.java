package dev.bursar.internal.repository;

import static dev.bursar.internal.repository.Timestamps.fromDb;
import static dev.bursar.internal.repository.Timestamps.toDb;

import dev.bursar.internal.domain.Account;
import dev.bursar.internal.domain.AccountKind;
import dev.bursar.internal.domain.AccountStatus;
import dev.bursar.internal.domain.Keyset;
import dev.bursar.internal.domain.PageRequest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class AccountRepository {

    static final String COLUMNS =
            "id, kind, owner_id, name, currency, balance, status, entry_count, created_at, updated_at";

    private final JdbcClient jdbc;

    public AccountRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(Account account) {
        jdbc.sql("""
                        INSERT INTO accounts (id, kind, owner_id, name, currency, balance, status, entry_count,
                                              created_at, updated_at)
                        VALUES (:id, :kind, :ownerId, :name, :currency, :balance, :status, :entryCount,
                                :createdAt, :updatedAt)""")
                .param("id", account.id())
                .param("kind", account.kind().code())
                .param("ownerId", account.ownerId())
                .param("name", account.name())
                .param("currency", account.currency())
                .param("balance", account.balance())
                .param("status", account.status().code())
                .param("entryCount", account.entryCount())
                .param("createdAt", toDb(account.createdAt()))
                .param("updatedAt", toDb(account.updatedAt()))
                .update();
    }

    /** Inserts the currency's system account unless it exists, and returns the id of the one that does. */
    public Optional<UUID> insertSystemAccountIfAbsent(Account account) {
        return jdbc.sql("""
                        WITH inserted AS (
                            INSERT INTO accounts (id, kind, owner_id, name, currency, balance, status, entry_count,
                                                  created_at, updated_at)
                            VALUES (:id, 'system', NULL, :name, :currency, 0, 'active', 0, :createdAt, :createdAt)
                            ON CONFLICT (currency) WHERE kind = 'system' DO NOTHING
                            RETURNING id)
                        SELECT id FROM inserted
                        UNION ALL
                        SELECT id FROM accounts WHERE kind = 'system' AND currency = :currency
                        LIMIT 1""")
                .param("id", account.id())
                .param("name", account.name())
                .param("currency", account.currency())
                .param("createdAt", toDb(account.createdAt()))
                .query(UUID.class)
                .optional();
    }

    public Optional<Account> findById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE id = :id")
                .param("id", id)
                .query(AccountRepository::map)
                .optional();
    }

    /**
     * Locks the accounts (rows that exist among the ids) for the rest of the transaction, always in
     * id order: two transactions locking the same accounts queue up instead of deadlocking.
     */
    public List<Account> lockInIdOrder(Collection<UUID> ids) {
        return jdbc.sql("SELECT " + COLUMNS
                        + " FROM accounts WHERE id = ANY(CAST(:ids AS uuid[])) ORDER BY id FOR UPDATE")
                .param("ids", Arrays.sql(ids.stream().map(UUID::toString).toArray(String[]::new)))
                .query(AccountRepository::map)
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
                .param(
                        "ids",
                        Arrays.sql(changed.stream().map(a -> a.id().toString()).toArray(String[]::new)))
                .param(
                        "balances",
                        Arrays.sql(changed.stream().mapToLong(Account::balance).toArray()))
                .param(
                        "counts",
                        Arrays.sql(
                                changed.stream().mapToLong(Account::entryCount).toArray()))
                .param(
                        "updatedAt",
                        Arrays.sql(changed.stream()
                                .map(a -> a.updatedAt().toString())
                                .toArray(String[]::new)))
                .update();
    }

    /** Up to {@code limit + 1} accounts of a kind (and owner, if given) after the keyset, oldest first. */
    public List<Account> page(AccountKind kind, Optional<UUID> ownerId, PageRequest page) {
        Keyset.ByCreation after =
                page.after().map(Keyset.ByCreation.class::cast).orElse(null);
        return jdbc.sql("SELECT " + COLUMNS + " FROM accounts WHERE kind = :kind"
                        + (ownerId.isPresent() ? " AND owner_id = :ownerId" : "")
                        + (after == null ? "" : " AND (created_at, id) > (:createdAt, :id)")
                        + " ORDER BY created_at, id LIMIT :limit")
                .param("kind", kind.code())
                .param("ownerId", ownerId.orElse(null))
                .param("createdAt", after == null ? null : toDb(after.createdAt()))
                .param("id", after == null ? null : after.id())
                .param("limit", page.limit() + 1)
                .query(AccountRepository::map)
                .list();
    }

    public Account updateStatus(UUID id, AccountStatus status, Instant updatedAt) {
        return jdbc.sql("UPDATE accounts SET status = :status, updated_at = :updatedAt WHERE id = :id RETURNING "
                        + COLUMNS)
                .param("id", id)
                .param("status", status.code())
                .param("updatedAt", toDb(updatedAt))
                .query(AccountRepository::map)
                .single();
    }

    static Account map(ResultSet rs, int row) throws SQLException {
        return new Account(
                rs.getObject("id", UUID.class),
                AccountKind.fromCode(rs.getString("kind")),
                rs.getObject("owner_id", UUID.class),
                rs.getString("name"),
                rs.getString("currency"),
                rs.getLong("balance"),
                AccountStatus.fromCode(rs.getString("status")),
                rs.getLong("entry_count"),
                fromDb(rs, "created_at"),
                fromDb(rs, "updated_at"));
    }
}
