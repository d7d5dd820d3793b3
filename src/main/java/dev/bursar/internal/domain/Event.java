package dev.bursar.internal.domain;

import java.time.Instant;
import java.util.UUID;

/**
 * A committed change of an account's balance (or, later, of a hold), as subscribers receive it.
 * {@code seq} is unique and increasing across the service; for each account, the order of its
 * events is the order of its journal. {@code ownerId} (null for system accounts) decides who may
 * see it and is not sent. {@code createdAt} is when the event was recorded, just before its
 * transaction committed.
 */
public record Event(
        long seq,
        EventType type,
        UUID accountId,
        UUID ownerId,
        UUID transferId,
        UUID holdId,
        long amount,
        long balanceAfter,
        long availableBalance,
        Instant createdAt) {

    /** The event of a journal entry, before the database gives it its seq and its time. */
    public static Event posted(Entry entry, UUID ownerId) {
        return new Event(
                0,
                EventType.ENTRY_POSTED,
                entry.accountId(),
                ownerId,
                entry.transferId(),
                null,
                entry.amount(),
                entry.balanceAfter(),
                entry.balanceAfter(),
                entry.createdAt());
    }
}
