package dev.bursar.internal.repository;

import static dev.bursar.internal.repository.Timestamps.fromDb;
import static dev.bursar.internal.repository.Timestamps.toDb;

import dev.bursar.internal.domain.Keyset;
import dev.bursar.internal.domain.PageRequest;
import dev.bursar.internal.domain.Role;
import dev.bursar.internal.domain.User;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

@Repository
public class UserRepository {

    private static final String COLUMNS = "id, email, name, role, created_at, updated_at";

    private final JdbcClient jdbc;

    public UserRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Inserts the user unless the email (in any case) is taken; returns whether it was inserted. */
    public boolean insertIfEmailFree(User user) {
        return jdbc.sql("""
                        INSERT INTO users (id, email, name, role, created_at, updated_at)
                        VALUES (:id, :email, :name, :role, :createdAt, :updatedAt)
                        ON CONFLICT ((lower(email))) DO NOTHING""")
                        .param("id", user.id())
                        .param("email", user.email())
                        .param("name", user.name())
                        .param("role", user.role().code())
                        .param("createdAt", toDb(user.createdAt()))
                        .param("updatedAt", toDb(user.updatedAt()))
                        .update()
                == 1;
    }

    public Optional<User> findById(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE id = :id")
                .param("id", id)
                .query(UserRepository::map)
                .optional();
    }

    public Optional<User> findByEmail(String email) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM users WHERE lower(email) = lower(:email)")
                .param("email", email)
                .query(UserRepository::map)
                .optional();
    }

    /** Whether two emails are the same to the unique index on {@code lower(email)}. */
    public boolean sameEmail(String email, String other) {
        return jdbc.sql("SELECT lower(:email) = lower(:other)")
                .param("email", email)
                .param("other", other)
                .query(Boolean.class)
                .single();
    }

    /** Up to {@code limit + 1} users after the keyset, oldest first. */
    public List<User> page(PageRequest page) {
        Keyset.ByCreation after =
                page.after().map(Keyset.ByCreation.class::cast).orElse(null);
        return jdbc.sql("SELECT " + COLUMNS + " FROM users"
                        + (after == null ? "" : " WHERE (created_at, id) > (:createdAt, :id)")
                        + " ORDER BY created_at, id LIMIT :limit")
                .param("createdAt", after == null ? null : toDb(after.createdAt()))
                .param("id", after == null ? null : after.id())
                .param("limit", page.limit() + 1)
                .query(UserRepository::map)
                .list();
    }

    /**
     * Replaces email, name and role. Throws {@link org.springframework.dao.DuplicateKeyException}
     * when another user has the email.
     */
    public Optional<User> update(User user) {
        return jdbc.sql("UPDATE users SET email = :email, name = :name, role = :role, updated_at = :updatedAt"
                        + " WHERE id = :id RETURNING " + COLUMNS)
                .param("id", user.id())
                .param("email", user.email())
                .param("name", user.name())
                .param("role", user.role().code())
                .param("updatedAt", toDb(user.updatedAt()))
                .query(UserRepository::map)
                .optional();
    }

    public boolean delete(UUID id) {
        return jdbc.sql("DELETE FROM users WHERE id = :id").param("id", id).update() == 1;
    }

    private static User map(ResultSet rs, int row) throws SQLException {
        return new User(
                rs.getObject("id", UUID.class),
                rs.getString("email"),
                rs.getString("name"),
                Role.fromCode(rs.getString("role")),
                fromDb(rs, "created_at"),
                fromDb(rs, "updated_at"));
    }
}
