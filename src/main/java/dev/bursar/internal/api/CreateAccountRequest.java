package dev.bursar.internal.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.UUID;

public record CreateAccountRequest(
        @Schema(example = "EUR") @NotNull @CurrencyCode String currency,
        @Schema(example = "Savings", nullable = true) @Size(max = 200) @PlainText String name,
        @Schema(description = "admins only; defaults to the caller", nullable = true) UUID ownerId) {
}
