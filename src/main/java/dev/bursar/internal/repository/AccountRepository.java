package dev.bursar.internal.repository;

import static dev.bursar.internal.repository.Timestamps.fromDb;

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
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class AccountRepository {

    static final String COLUMNS =
            "id, kind, owner_id, name, currency, balance, status, entry_count, created_at, updated_at";

    /** A row of {@code accounts}. */
    @Table("accounts")
    record AccountRow(
            @Id UUID id,
            AccountKind kind,
            UUID ownerId,
            String name,
            String currency,
            long balance,
            AccountStatus status,
            long entryCount,
            Instant createdAt,
            Instant updatedAt) {

        static AccountRow of(Account a) {
            return new AccountRow(
                    a.id(),
                    a.kind(),
                    a.ownerId(),
                    a.name(),
                    a.currency(),
                    a.balance(),
                    a.status(),
                    a.entryCount(),
                    a.createdAt(),
                    a.updatedAt());
        }

        Account toAccount() {
            return new Account(id, kind, ownerId, name, currency, balance, status, entryCount, createdAt, updatedAt);
        }
    }

    interface AccountRows extends ListCrudRepository<AccountRow, UUID> {

        // Insert-or-find in one statement: ON CONFLICT on the partial unique index of system accounts.
        @Query("""
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
        Optional<UUID> insertSystemAccountIfAbsent(UUID id, String name, String currency, Instant createdAt);

        // Keyset pages: a row-value comparison, which the (kind, created_at, id) index serves.
        @Query("""
                SELECT * FROM accounts WHERE kind = :kind AND (created_at, id) > (:createdAt, :id)
                ORDER BY created_at, id LIMIT :limit""")
        List<AccountRow> page(AccountKind kind, Instant createdAt, UUID id, int limit);

        // The same for one owner, served by the (owner_id, created_at, id) index.
        @Query("""
                SELECT * FROM accounts WHERE kind = :kind AND owner_id = :ownerId AND (created_at, id) > (:createdAt, :id)
                ORDER BY created_at, id LIMIT :limit""")
        List<AccountRow> pageOfOwner(AccountKind kind, UUID ownerId, Instant createdAt, UUID id, int limit);

        // Changes the status alone (balances belong to the ledger) and returns the row as stored.
        @Query("UPDATE accounts SET status = :status, updated_at = :updatedAt WHERE id = :id RETURNING *")
        Optional<AccountRow> updateStatus(UUID id, AccountStatus status, Instant updatedAt);
    }

    private final JdbcClient jdbc;
    private final AccountRows rows;
    private final JdbcAggregateOperations aggregates;

    AccountRepository(JdbcClient jdbc, AccountRows rows, JdbcAggregateOperations aggregates) {
        this.jdbc = jdbc;
        this.rows = rows;
        this.aggregates = aggregates;
    }

    public void insert(Account account) {
        aggregates.insert(AccountRow.of(account));
    }

    /** Inserts the currency's system account unless it exists, and returns the id of the one that does. */
    public Optional<UUID> insertSystemAccountIfAbsent(Account account) {
        return rows.insertSystemAccountIfAbsent(account.id(), account.name(), account.currency(), account.createdAt());
    }

    public Optional<Account> findById(UUID id) {
        return rows.findById(id).map(AccountRow::toAccount);
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
        Keyset.ByCreation after = CreationOrder.after(page);
        int limit = CreationOrder.limit(page);
        List<AccountRow> found = ownerId.isPresent()
                ? rows.pageOfOwner(kind, ownerId.get(), after.createdAt(), after.id(), limit)
                : rows.page(kind, after.createdAt(), after.id(), limit);
        return found.stream().map(AccountRow::toAccount).toList();
    }

    public Account updateStatus(UUID id, AccountStatus status, Instant updatedAt) {
        return rows.updateStatus(id, status, updatedAt)
                .map(AccountRow::toAccount)
                .orElseThrow(() -> new EmptyResultDataAccessException(1));
    }

    static Account map(ResultSet rs, int row) throws SQLException {
        return new Account(
                rs.getObject("id", UUID.class),
                EnumCodes.fromCode(AccountKind.class, rs.getString("kind")),
                rs.getObject("owner_id", UUID.class),
                rs.getString("name"),
                rs.getString("currency"),
                rs.getLong("balance"),
                EnumCodes.fromCode(AccountStatus.class, rs.getString("status")),
                rs.getLong("entry_count"),
                fromDb(rs, "created_at"),
                fromDb(rs, "updated_at"));
    }
}
