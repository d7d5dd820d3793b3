package dev.bursar.internal.domain;

import com.fasterxml.jackson.annotation.JsonProperty;

/** What a caller may do: {@code admin} everything, {@code user} only itself and its own accounts. */
public enum Role {
    @JsonProperty("admin")
    ADMIN,
    @JsonProperty("user")
    USER;

    /** The wire spelling, which also names a role in the settings (per-role rate limits). */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
