package dev.bursar.internal.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;
import org.hibernate.validator.constraints.CodePointLength;

public record CreateAccountRequest(
        @Schema(example = "EUR") @NotNull @CurrencyCode String currency,

        @Schema(example = "Savings", nullable = true, maxLength = 200) @CodePointLength(max = 200) @PlainText
        String name,

        @Schema(description = "admins only; defaults to the caller", nullable = true)
        UUID ownerId) {}
