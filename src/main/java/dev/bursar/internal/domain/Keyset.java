package dev.bursar.internal.domain;

import java.time.Instant;
import java.util.UUID;

/** A position in a list ordered by creation time, ties broken by id: where the next page starts. */
public record Keyset(Instant createdAt, UUID id) {
}
