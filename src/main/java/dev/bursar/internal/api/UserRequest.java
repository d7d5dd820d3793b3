package dev.bursar.internal.api;

import dev.bursar.internal.domain.Role;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;

/** A user as created ({@code POST /users}) or replaced ({@code PUT /users/{id}}): the same fields, the same rules. */
public record UserRequest(
        @Schema(example = "ada@example.com", maxLength = 254) @NotNull @EmailAddress
        String email,

        @Schema(example = "Ada Lovelace") @NotNull @Name String name,

        @Schema(
                description = "admins only; on create defaults to user, on replace unchanged when absent",
                nullable = true)
        Role role) {}
