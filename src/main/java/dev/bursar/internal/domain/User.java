package dev.bursar.internal.domain;

import java.time.Instant;
import java.util.UUID;

/** A person or system that holds API keys and accounts. Emails compare case-insensitively. */
public record User(UUID id, String email, String name, Role role, Instant createdAt, Instant updatedAt) {}
