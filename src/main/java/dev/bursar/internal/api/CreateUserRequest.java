package dev.bursar.internal.api;

import dev.bursar.internal.domain.Role;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import org.hibernate.validator.constraints.CodePointLength;

public record CreateUserRequest(
        @Schema(example = "ada@example.com", maxLength = 254) @NotNull @EmailAddress
        String email,

        @Schema(example = "Ada Lovelace", maxLength = 200) @NotBlank @CodePointLength(max = 200) @PlainText
        String name,

        @Schema(description = "defaults to user", nullable = true)
        Role role) {}
