package dev.bursar.internal.api;

import dev.bursar.internal.domain.Transfer;
import dev.bursar.internal.domain.TransferKind;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

public record TransferResponse(
        UUID id,
        TransferKind kind,
        UUID fromAccountId,
        UUID toAccountId,
        @Schema(example = "2500") long amount,
        @Schema(example = "EUR") String currency,

        @Schema(
                types = {"string", "null"},
                description = "null when sent without one",
                example = "rent")
        String description,

        Instant createdAt) {

    static TransferResponse from(Transfer transfer) {
        return new TransferResponse(
                transfer.id(),
                transfer.kind(),
                transfer.fromAccountId(),
                transfer.toAccountId(),
                transfer.amount(),
                transfer.currency(),
                transfer.description(),
                transfer.createdAt());
    }
}
