package dev.bursar.internal.domain;

import java.time.Instant;
import java.util.Objects;
import java.util.UUID;

/**
 * A position in a list: where the next page starts. Only positions that a row could hold exist,
 * so a position edited by a client never reaches the database.
 */
public sealed interface Keyset {

    /** In lists ordered by creation time, ties broken by id (users, keys, accounts). */
    record ByCreation(Instant createdAt, UUID id) implements Keyset {

        /** No row is older: ids are time-ordered UUIDs (v7), which count time from the Unix epoch. */
        public static final Instant EARLIEST = Instant.EPOCH;
        /** No row is newer: RFC 3339, the API's timestamp format, has four-digit years. */
        public static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999999999Z");

        public ByCreation {
            Objects.requireNonNull(createdAt, "createdAt");
            Objects.requireNonNull(id, "id");
            if (createdAt.isBefore(EARLIEST) || createdAt.isAfter(LATEST)) {
                throw new IllegalArgumentException("no row was created at " + createdAt);
            }
        }
    }

    /** In an account's journal, ordered by entry number. */
    record ByEntryNo(long entryNo) implements Keyset {

        public ByEntryNo {
            if (entryNo < 1) {
                throw new IllegalArgumentException("entry numbers start at 1, not " + entryNo);
            }
        }
    }

    /** In the event log, ordered by seq. */
    record BySeq(long seq) implements Keyset {

        public BySeq {
            if (seq < 1) {
                throw new IllegalArgumentException("seqs start at 1, not " + seq);
            }
        }
    }
}
