package dev.bursar.internal.api;

import dev.bursar.internal.domain.Role;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.CodePointLength;

/** Replaces email and name; {@code role} may only be sent by an admin. */
public record UpdateUserRequest(
        @Schema(example = "ada@example.com", maxLength = 254) @NotNull @EmailAddress
        String email,

        @Schema(example = "Ada King", maxLength = 200) @NotBlank @CodePointLength(max = 200) @PlainText
        String name,

        @Schema(description = "admins only; unchanged when absent", nullable = true)
        Role role) {}
