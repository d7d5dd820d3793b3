package dev.bursar.internal.api;

import dev.bursar.internal.domain.Money;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.hibernate.validator.constraints.CodePointLength;

public record CreateTransferRequest(
        @NotNull UUID fromAccountId,
        @NotNull UUID toAccountId,

        @Schema(description = "in the currency's minor unit", example = "2500") @NotNull @Min(1) @Max(Money.MAX_AMOUNT) Long amount,

        @Schema(example = "EUR") @NotNull @CurrencyCode String currency,

        @Schema(example = "rent", nullable = true, maxLength = 500) @CodePointLength(max = 500) @PlainText
        String description) {}
