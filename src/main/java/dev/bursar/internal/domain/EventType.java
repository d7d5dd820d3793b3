package dev.bursar.internal.domain;

/** What an {@link Event} reports; {@link #code()} is its name on the wire and in the database. */
public enum EventType {
    ENTRY_POSTED("entry.posted"),
    HOLD_CREATED("hold.created"),
    HOLD_CAPTURED("hold.captured"),
    HOLD_VOIDED("hold.voided"),
    HOLD_EXPIRED("hold.expired");

    private final String code;

    EventType(String code) {
        this.code = code;
    }

    public String code() {
        return code;
    }

    public static EventType fromCode(String code) {
        for (EventType type : values()) {
            if (type.code.equals(code)) {
                return type;
            }
        }
        throw new IllegalArgumentException("unknown event type: " + code);
    }
}
