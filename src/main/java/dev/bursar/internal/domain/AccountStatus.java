package dev.bursar.internal.domain;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Only {@code active} accounts take part in money movements; {@code closed} is final. */
public enum AccountStatus {
    @JsonProperty("active")
    ACTIVE,
    @JsonProperty("frozen")
    FROZEN,
    @JsonProperty("closed")
    CLOSED
}
