package dev.bursar.internal.domain;

/** The stable, machine-readable problem codes of the API contract, with a short human title. */
public enum ErrorCode {
    MALFORMED_REQUEST("Malformed request"),
    VALIDATION_FAILED("Validation failed"),
    UNAUTHORIZED("Unauthorized"),
    FORBIDDEN("Forbidden"),
    NOT_FOUND("Not found"),
    METHOD_NOT_ALLOWED("Method not allowed"),
    NOT_ACCEPTABLE("Not acceptable"),
    UNSUPPORTED_MEDIA_TYPE("Unsupported media type"),
    EMAIL_TAKEN("Email already taken"),
    PAYLOAD_TOO_LARGE("Payload too large"),
    RATE_LIMITED("Too many requests"),
    SERVICE_UNAVAILABLE("Service unavailable"),
    INTERNAL_ERROR("Internal error");

    private final String title;

    ErrorCode(String title) {
        this.title = title;
    }

    /** The wire spelling, e.g. {@code email_taken}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String title() {
        return title;
    }
}
