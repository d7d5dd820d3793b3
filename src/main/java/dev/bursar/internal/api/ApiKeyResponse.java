package dev.bursar.internal.api;

import dev.bursar.internal.domain.ApiKey;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

public record ApiKeyResponse(
        UUID id,

        @Schema(
                types = {"string", "null"},
                description = "null when the key was created without one")
        String name,

        @Schema(description = "the key's first 12 characters", example = "bsr_Q2xhcmE")
        String prefix,

        Instant createdAt,

        @Schema(
                types = {"string", "null"},
                format = "date-time",
                description = "kept to the minute; null until first used")
        Instant lastUsedAt) {

    static ApiKeyResponse from(ApiKey key) {
        return new ApiKeyResponse(key.id(), key.name(), key.prefix(), key.createdAt(), key.lastUsedAt());
    }
}
