package dev.bursar.internal.api;

import dev.bursar.internal.domain.Role;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

public record CreateUserRequest(
        @Schema(example = "ada@example.com") @NotNull @EmailAddress String email,
        @Schema(example = "Ada Lovelace") @NotBlank @Size(max = 200) @PlainText String name,
        @Schema(description = "defaults to user", nullable = true) Role role) {
}
