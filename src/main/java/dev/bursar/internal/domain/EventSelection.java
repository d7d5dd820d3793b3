package dev.bursar.internal.domain;

import java.util.Set;
import java.util.UUID;

/** Which accounts' events a subscriber receives. */
public sealed interface EventSelection {

    /** Every account (admins). */
    record All() implements EventSelection {}

    /** Every account of one user, including accounts opened later. */
    record OwnedBy(UUID ownerId) implements EventSelection {}

    /** These accounts. */
    record Accounts(Set<UUID> accountIds) implements EventSelection {
        public Accounts {
            accountIds = Set.copyOf(accountIds);
        }
    }

    default boolean includes(Event event) {
        return switch (this) {
            case All all -> true;
            case OwnedBy owned -> owned.ownerId().equals(event.ownerId());
            case Accounts accounts -> accounts.accountIds().contains(event.accountId());
        };
    }
}
