package dev.bursar.internal.domain;

import java.time.Instant;
import java.util.UUID;

/** A position in a list: where the next page starts. */
public sealed interface Keyset {

    /** In lists ordered by creation time, ties broken by id (users, keys, accounts). */
    record ByCreation(Instant createdAt, UUID id) implements Keyset {
    }

    /** In an account's journal, ordered by entry number. */
    record ByEntryNo(long entryNo) implements Keyset {
    }
}
