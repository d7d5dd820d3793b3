package dev.bursar.internal.api;

import dev.bursar.internal.domain.Role;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;

/** Replaces email and name; {@code role} may only be sent by an admin. */
public record UpdateUserRequest(
        @Schema(example = "ada@example.com") @NotNull @EmailAddress String email,
        @Schema(example = "Ada King") @NotBlank @Size(max = 200) @PlainText String name,
        @Schema(description = "admins only; unchanged when absent", nullable = true) Role role) {
}
