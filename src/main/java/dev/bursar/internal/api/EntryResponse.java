package dev.bursar.internal.api;

import dev.bursar.internal.domain.Entry;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

public record EntryResponse(
        UUID id,
        UUID transferId,
        UUID accountId,

        @Schema(description = "signed: negative is a debit", example = "-2500")
        long amount,

        @Schema(example = "10000") long balanceAfter,
        Instant createdAt) {

    static EntryResponse from(Entry e) {
        return new EntryResponse(e.id(), e.transferId(), e.accountId(), e.amount(), e.balanceAfter(), e.createdAt());
    }
}
