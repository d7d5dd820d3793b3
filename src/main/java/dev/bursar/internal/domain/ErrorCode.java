package dev.bursar.internal.domain;

/**
 * The stable, machine-readable problem codes of the API contract, each with the HTTP status the
 * contract gives it and a short human title.
 */
public enum ErrorCode {
    MALFORMED_REQUEST(400, "Malformed request"),
    VALIDATION_FAILED(400, "Validation failed"),
    UNAUTHORIZED(401, "Unauthorized"),
    FORBIDDEN(403, "Forbidden"),
    NOT_FOUND(404, "Not found"),
    METHOD_NOT_ALLOWED(405, "Method not allowed"),
    NOT_ACCEPTABLE(406, "Not acceptable"),
    EMAIL_TAKEN(409, "Email already taken"),
    ACCOUNT_NOT_EMPTY(409, "Account not empty"),
    USER_HAS_ACCOUNTS(409, "User has accounts"),
    ACCOUNT_CLOSED(409, "Account closed"),
    IDEMPOTENCY_REQUEST_IN_PROGRESS(409, "Request in progress"),
    PAYLOAD_TOO_LARGE(413, "Payload too large"),
    UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type"),
    INSUFFICIENT_FUNDS(422, "Insufficient funds"),
    CURRENCY_MISMATCH(422, "Currency mismatch"),
    SAME_ACCOUNT(422, "Same account"),
    ACCOUNT_INACTIVE(422, "Account inactive"),
    BALANCE_OVERFLOW(422, "Balance overflow"),
    IDEMPOTENCY_KEY_REUSED(422, "Idempotency key reused"),
    EVENTS_EXPIRED(410, "Events expired"),
    RATE_LIMITED(429, "Too many requests"),
    INTERNAL_ERROR(500, "Internal error"),
    SERVICE_UNAVAILABLE(503, "Service unavailable");

    private final int status;
    private final String title;

    ErrorCode(int status, String title) {
        this.status = status;
        this.title = title;
    }

    public int status() {
        return status;
    }

    /** The code for a status that no more specific rule explains. */
    public static ErrorCode forStatus(int status) {
        return switch (status) {
            case 401 -> UNAUTHORIZED;
            case 403 -> FORBIDDEN;
            case 404 -> NOT_FOUND;
            case 405 -> METHOD_NOT_ALLOWED;
            case 406 -> NOT_ACCEPTABLE;
            case 413 -> PAYLOAD_TOO_LARGE;
            case 415 -> UNSUPPORTED_MEDIA_TYPE;
            case 429 -> RATE_LIMITED;
            case 503 -> SERVICE_UNAVAILABLE;
            default -> status >= 500 ? INTERNAL_ERROR : MALFORMED_REQUEST;
        };
    }

    /** The wire spelling, e.g. {@code email_taken}. */
    public String code() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }

    public String title() {
        return title;
    }
}
