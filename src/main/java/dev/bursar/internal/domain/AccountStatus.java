package dev.bursar.internal.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** Only {@code active} accounts take part in money movements; {@code closed} is final. */
public enum AccountStatus {
    @JsonProperty("active")
    ACTIVE,
    @JsonProperty("frozen")
    FROZEN,
    @JsonProperty("closed")
    CLOSED;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static AccountStatus fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
