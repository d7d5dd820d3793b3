package dev.bursar.internal.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** {@code user} accounts belong to a user and never go negative; {@code system} ones are the ledger's own. */
public enum AccountKind {
    @JsonProperty("user")
    USER,
    @JsonProperty("system")
    SYSTEM;

    /** The wire spelling, which also names the list in a page cursor. */
    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
