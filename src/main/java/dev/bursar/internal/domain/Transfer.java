package dev.bursar.internal.domain;

import java.time.Instant;
import java.util.UUID;

/** A committed money movement; {@code description} is null when none was given. */
public record Transfer(
        UUID id,
        TransferKind kind,
        UUID fromAccountId,
        UUID toAccountId,
        long amount,
        String currency,
        String description,
        Instant createdAt) {}
