package dev.bursar.internal.api;

import dev.bursar.internal.domain.Money;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.CodePointLength;

/** A deposit or withdrawal: the amount is in the account's currency. */
public record AmountRequest(
        @Schema(description = "in the account currency's minor unit", example = "10000")
        @NotNull @Min(1) @Max(Money.MAX_AMOUNT) Long amount,

        @Schema(example = "opening deposit", nullable = true, maxLength = 500) @CodePointLength(max = 500) @PlainText
        String description) {}
