package dev.bursar.internal.repository;

import dev.bursar.internal.domain.ApiKey;
import dev.bursar.internal.domain.Keyset;
import dev.bursar.internal.domain.PageRequest;
import dev.bursar.internal.domain.Role;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.core.JdbcAggregateOperations;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.stereotype.Repository;

@Repository
public class ApiKeyRepository {

    /** A key that may authenticate right now, with what its holder is allowed to do. */
    public record ActiveKey(UUID keyId, UUID userId, Role role, Instant lastUsedAt) {}

    /** A key whatever its state: who holds it and whether it is revoked. */
    public record StoredKey(UUID keyId, UUID userId, boolean revoked) {}

    /** A row of {@code api_keys}: the key's SHA-256, never the key. */
    @Table("api_keys")
    @SuppressWarnings("ArrayRecordComponent") // read and written whole, never compared
    record ApiKeyRow(
            @Id UUID id,
            UUID userId,
            String name,
            String prefix,
            byte[] keyHash,
            Instant createdAt,
            Instant lastUsedAt,
            Instant revokedAt) {

        ApiKey toApiKey() {
            return new ApiKey(id, userId, name, prefix, createdAt, lastUsedAt);
        }
    }

    interface ApiKeyRows extends ListCrudRepository<ApiKeyRow, UUID> {

        @Query(
                "SELECT id AS key_id, user_id, revoked_at IS NOT NULL AS revoked FROM api_keys WHERE key_hash = :keyHash")
        Optional<StoredKey> findByHash(byte[] keyHash);

        // A transaction-scoped advisory lock: no row to lock exists before the first installation.
        @Query("SELECT 1 FROM pg_advisory_xact_lock(hashtext('bursar.admin-bootstrap'))")
        int lockBootstrap();

        @Query("SELECT EXISTS (SELECT 1 FROM bootstrap_keys WHERE key_hash = :keyHash)")
        boolean isBootstrapKey(byte[] keyHash);

        @Modifying
        @Query("INSERT INTO bootstrap_keys (key_hash, installed_at) VALUES (:keyHash, :installedAt)")
        int rememberBootstrapKey(byte[] keyHash, Instant installedAt);

        // One statement for every retired key, which returns their ids for the cache.
        @Query("""
                UPDATE api_keys SET revoked_at = :revokedAt
                WHERE revoked_at IS NULL AND key_hash <> :keyHash
                  AND key_hash IN (SELECT key_hash FROM bootstrap_keys)
                RETURNING id""")
        List<UUID> revokeBootstrapKeysExcept(byte[] keyHash, Instant revokedAt);

        // Joins the holder's role in: one indexed lookup per request.
        @Query("""
                SELECT k.id AS key_id, k.user_id, u.role, k.last_used_at
                FROM api_keys k JOIN users u ON u.id = k.user_id
                WHERE k.key_hash = :keyHash AND k.revoked_at IS NULL""")
        Optional<ActiveKey> findActiveByHash(byte[] keyHash);

        // Conditional, so that replicas recording the same use write the row once.
        @Modifying
        @Query("""
                UPDATE api_keys SET last_used_at = :usedAt
                WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :staleBefore)""")
        int recordUse(UUID id, Instant usedAt, Instant staleBefore);

        Optional<ApiKeyRow> findByIdAndUserIdAndRevokedAtIsNull(UUID id, UUID userId);

        // Keyset pages: a row-value comparison, which the (user_id, created_at, id) index serves.
        @Query("""
                SELECT * FROM api_keys WHERE user_id = :userId AND revoked_at IS NULL AND (created_at, id) > (:createdAt, :id)
                ORDER BY created_at, id LIMIT :limit""")
        List<ApiKeyRow> pageActive(UUID userId, Instant createdAt, UUID id, int limit);

        @Modifying
        @Query("""
                UPDATE api_keys SET revoked_at = :revokedAt
                WHERE id = :id AND user_id = :userId AND revoked_at IS NULL""")
        int revoke(UUID id, UUID userId, Instant revokedAt);
    }

    private final ApiKeyRows rows;
    private final JdbcAggregateOperations aggregates;

    ApiKeyRepository(ApiKeyRows rows, JdbcAggregateOperations aggregates) {
        this.rows = rows;
        this.aggregates = aggregates;
    }

    public void insert(ApiKey key, byte[] keyHash) {
        aggregates.insert(
                new ApiKeyRow(key.id(), key.userId(), key.name(), key.prefix(), keyHash, key.createdAt(), null, null));
    }

    public Optional<StoredKey> findByHash(byte[] keyHash) {
        return rows.findByHash(keyHash);
    }

    /**
     * Makes replicas that start at the same moment install the bootstrap key one after another;
     * held until the transaction ends.
     */
    public void lockBootstrap() {
        rows.lockBootstrap();
    }

    /** Whether start-up ever installed the key with this hash (it may since be revoked or deleted). */
    public boolean isBootstrapKey(byte[] keyHash) {
        return rows.isBootstrapKey(keyHash);
    }

    /** Inserts a key installed from BURSAR_ADMIN_API_KEY and remembers it as a bootstrap key. */
    public void insertBootstrapKey(ApiKey key, byte[] keyHash) {
        insert(key, keyHash);
        rows.rememberBootstrapKey(keyHash, key.createdAt());
    }

    /** Revokes every unrevoked bootstrap key but the one with this hash; returns the revoked keys' ids. */
    public List<UUID> revokeBootstrapKeysExcept(byte[] keyHash, Instant revokedAt) {
        return rows.revokeBootstrapKeysExcept(keyHash, revokedAt);
    }

    /** The unrevoked key with this hash and its holder's role; one indexed lookup per request. */
    public Optional<ActiveKey> findActiveByHash(byte[] keyHash) {
        return rows.findActiveByHash(keyHash);
    }

    /** Records use of the key unless a use at or after {@code staleBefore} is already recorded. */
    public void recordUse(UUID keyId, Instant usedAt, Instant staleBefore) {
        rows.recordUse(keyId, usedAt, staleBefore);
    }

    public Optional<ApiKey> findActive(UUID userId, UUID keyId) {
        return rows.findByIdAndUserIdAndRevokedAtIsNull(keyId, userId).map(ApiKeyRow::toApiKey);
    }

    /** Up to {@code limit + 1} of the user's unrevoked keys after the keyset, oldest first. */
    public List<ApiKey> pageActive(UUID userId, PageRequest page) {
        Keyset.ByCreation after = CreationOrder.after(page);
        return rows.pageActive(userId, after.createdAt(), after.id(), CreationOrder.limit(page)).stream()
                .map(ApiKeyRow::toApiKey)
                .toList();
    }

    /** Revokes the key; returns false when the user has no such unrevoked key. */
    public boolean revoke(UUID userId, UUID keyId, Instant revokedAt) {
        return rows.revoke(keyId, userId, revokedAt) == 1;
    }
}
