package dev.bursar.internal.repository;

import static dev.bursar.internal.repository.Timestamps.fromDb;
import static dev.bursar.internal.repository.Timestamps.toDb;

import dev.bursar.internal.domain.ApiKey;
import dev.bursar.internal.domain.Keyset;
import dev.bursar.internal.domain.PageRequest;
import dev.bursar.internal.domain.Role;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class ApiKeyRepository {

    private static final String COLUMNS = "id, user_id, name, prefix, created_at, last_used_at";

    /** A key that may authenticate right now, with what its holder is allowed to do. */
    public record ActiveKey(UUID keyId, UUID userId, Role role, Instant lastUsedAt) {}

    private final JdbcClient jdbc;

    public ApiKeyRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(ApiKey key, byte[] keyHash) {
        jdbc.sql("""
                        INSERT INTO api_keys (id, user_id, name, prefix, key_hash, created_at)
                        VALUES (:id, :userId, :name, :prefix, :keyHash, :createdAt)""")
                .param("id", key.id())
                .param("userId", key.userId())
                .param("name", key.name())
                .param("prefix", key.prefix())
                .param("keyHash", keyHash)
                .param("createdAt", toDb(key.createdAt()))
                .update();
    }

    /** A key whatever its state: who holds it and whether it is revoked. */
    public record StoredKey(UUID keyId, UUID userId, boolean revoked) {}

    public Optional<StoredKey> findByHash(byte[] keyHash) {
        return jdbc.sql("SELECT id, user_id, revoked_at IS NOT NULL AS revoked FROM api_keys WHERE key_hash = :keyHash")
                .param("keyHash", keyHash)
                .query((rs, row) -> new StoredKey(
                        rs.getObject("id", UUID.class), rs.getObject("user_id", UUID.class), rs.getBoolean("revoked")))
                .optional();
    }

    /**
     * Makes replicas that start at the same moment install the bootstrap key one after another;
     * held until the transaction ends.
     */
    public void lockBootstrap() {
        jdbc.sql("SELECT pg_advisory_xact_lock(hashtext('bursar.admin-bootstrap'))")
                .query()
                .listOfRows();
    }

    /** Whether start-up ever installed the key with this hash (it may since be revoked or deleted). */
    public boolean isBootstrapKey(byte[] keyHash) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM bootstrap_keys WHERE key_hash = :keyHash)")
                .param("keyHash", keyHash)
                .query(Boolean.class)
                .single();
    }

    /** Inserts a key installed from BURSAR_ADMIN_API_KEY and remembers it as a bootstrap key. */
    public void insertBootstrapKey(ApiKey key, byte[] keyHash) {
        insert(key, keyHash);
        jdbc.sql("INSERT INTO bootstrap_keys (key_hash, installed_at) VALUES (:keyHash, :installedAt)")
                .param("keyHash", keyHash)
                .param("installedAt", toDb(key.createdAt()))
                .update();
    }

    /** Revokes every unrevoked bootstrap key but the one with this hash; returns the revoked keys' ids. */
    public List<UUID> revokeBootstrapKeysExcept(byte[] keyHash, Instant revokedAt) {
        return jdbc.sql("""
                        UPDATE api_keys SET revoked_at = :revokedAt
                        WHERE revoked_at IS NULL AND key_hash <> :keyHash
                          AND key_hash IN (SELECT key_hash FROM bootstrap_keys)
                        RETURNING id""")
                .param("keyHash", keyHash)
                .param("revokedAt", toDb(revokedAt))
                .query(UUID.class)
                .list();
    }

    /** The unrevoked key with this hash and its holder's role; one indexed lookup per request. */
    public Optional<ActiveKey> findActiveByHash(byte[] keyHash) {
        return jdbc.sql("""
                        SELECT k.id, k.user_id, u.role, k.last_used_at
                        FROM api_keys k JOIN users u ON u.id = k.user_id
                        WHERE k.key_hash = :keyHash AND k.revoked_at IS NULL""")
                .param("keyHash", keyHash)
                .query((rs, row) -> new ActiveKey(
                        rs.getObject("id", UUID.class),
                        rs.getObject("user_id", UUID.class),
                        Role.fromCode(rs.getString("role")),
                        fromDb(rs, "last_used_at")))
                .optional();
    }

    /** Records use of the key unless a use at or after {@code staleBefore} is already recorded. */
    public void recordUse(UUID keyId, Instant usedAt, Instant staleBefore) {
        jdbc.sql("""
                        UPDATE api_keys SET last_used_at = :usedAt
                        WHERE id = :id AND (last_used_at IS NULL OR last_used_at < :staleBefore)""")
                .param("id", keyId)
                .param("usedAt", toDb(usedAt))
                .param("staleBefore", toDb(staleBefore))
                .update();
    }

    public Optional<ApiKey> findActive(UUID userId, UUID keyId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys"
                        + " WHERE id = :id AND user_id = :userId AND revoked_at IS NULL")
                .param("id", keyId)
                .param("userId", userId)
                .query(ApiKeyRepository::map)
                .optional();
    }

    /** Up to {@code limit + 1} of the user's unrevoked keys after the keyset, oldest first. */
    public List<ApiKey> pageActive(UUID userId, PageRequest page) {
        Keyset.ByCreation after =
                page.after().map(Keyset.ByCreation.class::cast).orElse(null);
        return jdbc.sql("SELECT " + COLUMNS + " FROM api_keys WHERE user_id = :userId AND revoked_at IS NULL"
                        + (after == null ? "" : " AND (created_at, id) > (:createdAt, :id)")
                        + " ORDER BY created_at, id LIMIT :limit")
                .param("userId", userId)
                .param("createdAt", after == null ? null : toDb(after.createdAt()))
                .param("id", after == null ? null : after.id())
                .param("limit", page.limit() + 1)
                .query(ApiKeyRepository::map)
                .list();
    }

    /** Revokes the key; returns false when the user has no such unrevoked key. */
    public boolean revoke(UUID userId, UUID keyId, Instant revokedAt) {
        return jdbc.sql("""
                        UPDATE api_keys SET revoked_at = :revokedAt
                        WHERE id = :id AND user_id = :userId AND revoked_at IS NULL""")
                        .param("id", keyId)
                        .param("userId", userId)
                        .param("revokedAt", toDb(revokedAt))
                        .update()
                == 1;
    }

    private static ApiKey map(ResultSet rs, int row) throws SQLException {
        return new ApiKey(
                rs.getObject("id", UUID.class),
                rs.getObject("user_id", UUID.class),
                rs.getString("name"),
                rs.getString("prefix"),
                fromDb(rs, "created_at"),
                fromDb(rs, "last_used_at"));
    }
}
