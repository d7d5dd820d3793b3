package dev.bursar.internal.api;

import java.util.List;

/** A request the API layer itself finds invalid (query parameters, headers): 400 validation_failed. */
class InvalidRequestException extends RuntimeException {

    private final List<FieldViolation> violations;

    InvalidRequestException(String field, String message) {
        super(field + " " + message);
        this.violations = List.of(new FieldViolation(field, message));
    }

    List<FieldViolation> violations() {
        return violations;
    }
}
