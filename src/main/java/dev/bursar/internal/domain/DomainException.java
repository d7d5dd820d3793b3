package dev.bursar.internal.domain;

/** A business rule said no. Carries a stable {@link ErrorCode}; the API maps it to a problem response. */
public class DomainException extends RuntimeException {

    private final ErrorCode code;
    private final String field;

    public DomainException(ErrorCode code, String detail) {
        this(code, detail, null);
    }

    private DomainException(ErrorCode code, String detail, String field) {
        super(detail);
        this.code = code;
        this.field = field;
    }

    public ErrorCode code() {
        return code;
    }

    /** The request field at fault, for {@code validation_failed}. */
    public java.util.Optional<String> field() {
        return java.util.Optional.ofNullable(field);
    }

    public static DomainException invalid(String field, String message) {
        return new DomainException(ErrorCode.VALIDATION_FAILED, message, field);
    }

    public static DomainException notFound(String what) {
        return new DomainException(ErrorCode.NOT_FOUND, what + " not found");
    }

    public static DomainException forbidden(String detail) {
        return new DomainException(ErrorCode.FORBIDDEN, detail);
    }
}
