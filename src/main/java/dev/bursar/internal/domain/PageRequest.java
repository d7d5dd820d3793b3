package dev.bursar.internal.domain;

import java.util.Optional;

/** Which page to read: up to {@code limit} items after {@code after} (from the start when empty). */
public record PageRequest(int limit, Optional<Keyset> after) {

    public static final int DEFAULT_LIMIT = 20;
    public static final int MAX_LIMIT = 100;

    public PageRequest {
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
