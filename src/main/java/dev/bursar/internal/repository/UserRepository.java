package dev.bursar.internal.repository;

import dev.bursar.internal.domain.Keyset;
import dev.bursar.internal.domain.PageRequest;
import dev.bursar.internal.domain.Role;
import dev.bursar.internal.domain.User;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.data.jdbc.repository.query.Modifying;
import org.springframework.data.jdbc.repository.query.Query;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.stereotype.Repository;

@Repository
public class UserRepository {

    interface Users extends ListCrudRepository<User, UUID> {

        // ON CONFLICT on the lower(email) index: a taken email inserts nothing and leaves the transaction intact.
        @Modifying
        @Query("""
                INSERT INTO users (id, email, name, role, created_at, updated_at)
                VALUES (:id, :email, :name, :role, :createdAt, :updatedAt)
                ON CONFLICT ((lower(email))) DO NOTHING""")
        int insertIfEmailFree(UUID id, String email, String name, Role role, Instant createdAt, Instant updatedAt);

        // lower(email) to use the unique index; derived queries cannot compare in lower case.
        @Query("SELECT * FROM users WHERE lower(email) = lower(:email)")
        Optional<User> findByEmail(String email);

        @Query("SELECT lower(:email) = lower(:other)")
        boolean sameEmail(String email, String other);

        // A row-value comparison, which the (created_at, id) index serves; derived queries have none.
        @Query("SELECT * FROM users WHERE (created_at, id) > (:createdAt, :id) ORDER BY created_at, id LIMIT :limit")
        List<User> page(Instant createdAt, UUID id, int limit);

        // Leaves created_at alone and returns the row as stored, or nothing when there is none.
        @Query("""
                UPDATE users SET email = :email, name = :name, role = :role, updated_at = :updatedAt
                WHERE id = :id RETURNING *""")
        Optional<User> update(UUID id, String email, String name, Role role, Instant updatedAt);

        @Modifying
        @Query("DELETE FROM users WHERE id = :id")
        int removeById(UUID id);
    }

    private final Users rows;

    UserRepository(Users rows) {
        this.rows = rows;
    }

    /** Inserts the user unless the email (in any case) is taken; returns whether it was inserted. */
    public boolean insertIfEmailFree(User user) {
        return rows.insertIfEmailFree(
                        user.id(), user.email(), user.name(), user.role(), user.createdAt(), user.updatedAt())
                == 1;
    }

    public Optional<User> findById(UUID id) {
        return rows.findById(id);
    }

    public Optional<User> findByEmail(String email) {
        return rows.findByEmail(email);
    }

    /** Whether two emails are the same to the unique index on {@code lower(email)}. */
    public boolean sameEmail(String email, String other) {
        return rows.sameEmail(email, other);
    }

    /** Up to {@code limit + 1} users after the keyset, oldest first. */
    public List<User> page(PageRequest page) {
        Keyset.ByCreation after = CreationOrder.after(page);
        return rows.page(after.createdAt(), after.id(), CreationOrder.limit(page)).stream()
                .toList();
    }

    /**
     * Replaces email, name and role. Throws {@link org.springframework.dao.DuplicateKeyException}
     * when another user has the email.
     */
    public Optional<User> update(User user) {
        return rows.update(user.id(), user.email(), user.name(), user.role(), user.updatedAt());
    }

    public boolean delete(UUID id) {
        return rows.removeById(id) == 1;
    }
}
