package dev.bursar.support;

import dev.bursar.internal.domain.Event;
import dev.bursar.internal.domain.EventType;
import dev.bursar.support.TestApi.Payer;
import java.time.Instant;
import java.util.UUID;

/** Events for tests that write the outbox directly, as a ledger batch does. */
public final class TestEvents {

    private TestEvents() {}

    /** An entry.posted event on the payer's receiving account (its seq is the database's to give). */
    public static Event entryPosted(Payer owner, long amount) {
        return new Event(
                0,
                EventType.ENTRY_POSTED,
                owner.to(),
                owner.id(),
                UUID.randomUUID(),
                null,
                amount,
                amount,
                amount,
                Instant.now());
    }
}
