package dev.bursar.internal.api;

import io.swagger.v3.oas.annotations.media.Schema;
import org.hibernate.validator.constraints.CodePointLength;

public record CreateApiKeyRequest(
        @Schema(example = "ci pipeline", nullable = true, maxLength = 200) @CodePointLength(max = 200) @PlainText
        String name) {}
