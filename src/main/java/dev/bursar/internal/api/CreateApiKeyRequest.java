package dev.bursar.internal.api;

import io.swagger.v3.oas.annotations.media.Schema;

public record CreateApiKeyRequest(
        @Schema(example = "ci pipeline", nullable = true) @Name
        String name) {}
