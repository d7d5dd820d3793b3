package dev.bursar.internal.service;

import dev.bursar.internal.domain.IdempotencyClaim;
import java.util.UUID;

/** Where a money-moving request stands with its Idempotency-Key, as the idempotency filter decided. */
public sealed interface Idempotency {

    Idempotency NONE = new None();

    /** No key was sent: the request moves money every time it is made. */
    record None() implements Idempotency {}

    /** The request holds its key: the ledger records the transfer under it, in the same transaction. */
    record Claimed(IdempotencyClaim claim) implements Idempotency {}

    /** The key's first request made this transfer: the answer is that transfer again, nothing moves. */
    record Replay(UUID transferId) implements Idempotency {}
}
