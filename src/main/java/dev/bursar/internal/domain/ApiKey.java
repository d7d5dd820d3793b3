package dev.bursar.internal.domain;

import java.time.Instant;
import java.util.UUID;

/** An API key as stored: the secret itself is never kept, only its hash and first characters. */
public record ApiKey(UUID id, UUID userId, String name, String prefix, Instant createdAt, Instant lastUsedAt) {}
