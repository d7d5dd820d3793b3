package dev.bursar.internal.api;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Size;

public record CreateApiKeyRequest(
        @Schema(example = "ci pipeline", nullable = true) @Size(max = 200) @PlainText String name) {
}
