package dev.bursar.internal.domain;

import java.util.UUID;

/** The right to process the request behind one Idempotency-Key of one caller, held by one request. */
public record IdempotencyClaim(UUID callerId, String key, UUID token) {}
