package dev.bursar.internal.api;

import dev.bursar.internal.domain.AccountStatus;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

public record UpdateAccountRequest(
        @Schema(example = "frozen", description = "closing needs balance 0; closed is final") @NotNull AccountStatus status) {}
