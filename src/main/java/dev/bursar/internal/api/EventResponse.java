package dev.bursar.internal.api;

import dev.bursar.internal.domain.Event;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

@Schema(name = "Event", description = "A committed change of an account's balance or of a hold")
public record EventResponse(
        @Schema(description = "unique and increasing across the service; resume after it", example = "42")
        long seq,

        @Schema(
                allowableValues = {"entry.posted", "hold.created", "hold.captured", "hold.voided", "hold.expired"},
                example = "entry.posted")
        String type,

        UUID accountId,

        @Schema(
                types = {"string", "null"},
                format = "uuid",
                description = "the transfer of an entry")
        UUID transferId,

        @Schema(
                types = {"string", "null"},
                format = "uuid",
                description = "null for journal entries")
        UUID holdId,

        @Schema(description = "signed for entries (negative is a debit)", example = "-2500")
        long amount,

        @Schema(example = "7500") long balanceAfter,

        @Schema(example = "7500") long availableBalance,

        Instant createdAt) {

    static EventResponse from(Event event) {
        return new EventResponse(
                event.seq(),
                event.type().code(),
                event.accountId(),
                event.transferId(),
                event.holdId(),
                event.amount(),
                event.balanceAfter(),
                event.availableBalance(),
                event.createdAt());
    }
}
