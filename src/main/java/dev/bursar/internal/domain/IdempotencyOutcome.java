package dev.bursar.internal.domain;

import java.util.UUID;

/** How the request behind an Idempotency-Key turned out: what a replay answers. */
public sealed interface IdempotencyOutcome {

    /** It moved money: a replay answers with this transfer, as the first request did. */
    record Moved(UUID transferId) implements IdempotencyOutcome {}

    /** It was refused (400, 404, 422) with this problem document (RFC 9457 JSON), sent again as it is. */
    record Refused(int status, String problem) implements IdempotencyOutcome {}
}
