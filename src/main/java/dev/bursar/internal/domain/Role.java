package dev.bursar.internal.domain;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a caller may do: {@code admin} everything, {@code user} only itself and its own accounts. */
public enum Role {
    @JsonProperty("admin")
    ADMIN,
    @JsonProperty("user")
    USER;

    /** The stored and wire spelling. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public static Role fromCode(String code) {
        return valueOf(code.toUpperCase(java.util.Locale.ROOT));
    }
}
