package dev.bursar.internal.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import java.util.UUID;

public record CreateAccountRequest(
        @Schema(example = "EUR") @NotNull @CurrencyCode String currency,

        @Schema(example = "Savings", nullable = true) @Name String name,

        @Schema(description = "admins only; defaults to the caller", nullable = true)
        UUID ownerId) {}
