package dev.bursar.internal.domain;

import java.time.Instant;
import java.util.UUID;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An account and its balance in minor units. System accounts have no owner ({@code ownerId} is
 * null) and may be negative; {@code name} is null when none was given.
 */
// Spring Data JDBC maps the aggregate to its table by these annotations; the domain calls no framework.
@Table("accounts")
public record Account(
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

    public boolean isSystem() {
        return kind == AccountKind.SYSTEM;
    }

    /** Whether this caller may see the account: its owner, or an admin. */
    public boolean isVisibleTo(Caller caller) {
        return caller.isAdmin() || (ownerId != null && ownerId.equals(caller.userId()));
    }
}
