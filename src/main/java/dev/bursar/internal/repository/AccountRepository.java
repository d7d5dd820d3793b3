package dev.bursar.internal.repository;

import dev.bursar.internal.domain.Account;
import dev.bursar.internal.domain.AccountKind;
import dev.bursar.internal.domain.AccountStatus;
import dev.bursar.internal.domain.Keyset;
import dev.bursar.internal.domain.PageRequest;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.dao.EmptyResultDataAccessException;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.stereotype.Repository;

@Repository
public class AccountRepository {

    interface Accounts extends ListCrudRepository<Account, UUID> {

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
        List<Account> page(AccountKind kind, Instant createdAt, UUID id, int limit);

        // The same for one owner, served by the (owner_id, created_at, id) index.
        @Query("""
                SELECT * FROM accounts WHERE kind = :kind AND owner_id = :ownerId AND (created_at, id) > (:createdAt, :id)
                ORDER BY created_at, id LIMIT :limit""")
        List<Account> pageOfOwner(AccountKind kind, UUID ownerId, Instant createdAt, UUID id, int limit);

        // Changes the status alone (balances belong to the ledger) and returns the row as stored.
        @Query("UPDATE accounts SET status = :status, updated_at = :updatedAt WHERE id = :id RETURNING *")
        Optional<Account> updateStatus(UUID id, AccountStatus status, Instant updatedAt);
    }

    private final Accounts rows;
    private final JdbcAggregateOperations aggregates;

    AccountRepository(Accounts rows, JdbcAggregateOperations aggregates) {
        this.rows = rows;
        this.aggregates = aggregates;
    }

    public void insert(Account account) {
        aggregates.insert(account);
    }

    /** Inserts the currency's system account unless it exists, and returns the id of the one that does. */
    public Optional<UUID> insertSystemAccountIfAbsent(Account account) {
        return rows.insertSystemAccountIfAbsent(account.id(), account.name(), account.currency(), account.createdAt());
    }

    public Optional<Account> findById(UUID id) {
        return rows.findById(id);
    }

    /** The accounts with these ids that exist. */
    public List<Account> findAllById(Collection<UUID> ids) {
        return rows.findAllById(ids);
    }

    /** Up to {@code limit + 1} accounts of a kind (and owner, if given) after the keyset, oldest first. */
    public List<Account> page(AccountKind kind, Optional<UUID> ownerId, PageRequest page) {
        Keyset.ByCreation after = CreationOrder.after(page);
        int limit = CreationOrder.limit(page);
        return ownerId.isPresent()
                ? rows.pageOfOwner(kind, ownerId.get(), after.createdAt(), after.id(), limit)
                : rows.page(kind, after.createdAt(), after.id(), limit);
    }

    public Account updateStatus(UUID id, AccountStatus status, Instant updatedAt) {
        return rows.updateStatus(id, status, updatedAt).orElseThrow(() -> new EmptyResultDataAccessException(1));
    }
}
