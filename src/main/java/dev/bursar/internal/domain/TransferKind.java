package dev.bursar.internal.domain;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Locale;

/** A transfer between user accounts, or a deposit or withdrawal against the currency's system account. */
public enum TransferKind {
    @JsonProperty("transfer")
    TRANSFER,
    @JsonProperty("deposit")
    DEPOSIT,
    @JsonProperty("withdrawal")
    WITHDRAWAL;

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static TransferKind fromCode(String code) {
        return valueOf(code.toUpperCase(Locale.ROOT));
    }
}
