package dev.bursar.internal.api;

import dev.bursar.internal.domain.IssuedApiKey;
import io.swagger.v3.oas.annotations.media.Schema;
import java.time.Instant;
import java.util.UUID;

/** A new key: the only response that ever carries the secret {@code key}. */
public record CreatedApiKeyResponse(
        UUID id,

        @Schema(
                types = {"string", "null"},
                description = "null when the key was created without one")
        String name,

        String prefix,
        Instant createdAt,

        @Schema(
                types = {"string", "null"},
                format = "date-time",
                description = "null: not used yet")
        Instant lastUsedAt,

        @Schema(description = "the secret; shown once, store it now")
        String key) {

    static CreatedApiKeyResponse from(IssuedApiKey issued) {
        var key = issued.apiKey();
        return new CreatedApiKeyResponse(
                key.id(), key.name(), key.prefix(), key.createdAt(), key.lastUsedAt(), issued.secret());
    }
}
