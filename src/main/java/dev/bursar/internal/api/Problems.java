package dev.bursar.internal.api;

import dev.bursar.internal.domain.ErrorCode;
import dev.bursar.internal.middleware.RequestAttributes;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;

/** Builds RFC 9457 problem responses in the contract's shape: one place, one format. */
final class Problems {

    static final String TYPE_PREFIX = "urn:bursar:problem:";

    private Problems() {
    }

    static int status(ErrorCode code) {
        return switch (code) {
            case MALFORMED_REQUEST, VALIDATION_FAILED -> 400;
            case UNAUTHORIZED -> 401;
            case FORBIDDEN -> 403;
            case NOT_FOUND -> 404;
            case METHOD_NOT_ALLOWED -> 405;
            case NOT_ACCEPTABLE -> 406;
            case EMAIL_TAKEN -> 409;
            case PAYLOAD_TOO_LARGE -> 413;
            case UNSUPPORTED_MEDIA_TYPE -> 415;
            case RATE_LIMITED -> 429;
            case SERVICE_UNAVAILABLE -> 503;
            case INTERNAL_ERROR -> 500;
        };
    }

    /** The code for a status that no more specific rule explains. */
    static ErrorCode codeFor(int status) {
        return switch (status) {
            case 400 -> ErrorCode.MALFORMED_REQUEST;
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 405 -> ErrorCode.METHOD_NOT_ALLOWED;
            case 406 -> ErrorCode.NOT_ACCEPTABLE;
            case 413 -> ErrorCode.PAYLOAD_TOO_LARGE;
            case 415 -> ErrorCode.UNSUPPORTED_MEDIA_TYPE;
            case 429 -> ErrorCode.RATE_LIMITED;
            case 503 -> ErrorCode.SERVICE_UNAVAILABLE;
            default -> status >= 500 ? ErrorCode.INTERNAL_ERROR : ErrorCode.MALFORMED_REQUEST;
        };
    }

    static ProblemDetail problem(ErrorCode code, String detail, HttpServletRequest request) {
        return decorate(ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(status(code)), detail), code, request);
    }

    /** Gives any problem the contract's type, title, code, instance and request id. */
    static ProblemDetail decorate(ProblemDetail problem, ErrorCode code, HttpServletRequest request) {
        problem.setType(URI.create(TYPE_PREFIX + code.code()));
        problem.setTitle(code.title());
        if (problem.getDetail() == null) {
            problem.setDetail(code.title());
        }
        String path = (String) request.getAttribute("jakarta.servlet.error.request_uri");
        problem.setInstance(instance(path != null ? path : request.getRequestURI()));
        problem.setProperty("code", code.code());
        problem.setProperty("request_id", request.getAttribute(RequestAttributes.REQUEST_ID));
        return problem;
    }

    private static URI instance(String path) {
        try {
            return URI.create(path);
        } catch (IllegalArgumentException e) {
            return null; // a path the firewall refused may not even be a valid URI
        }
    }

    static ProblemDetail withViolations(ProblemDetail problem, List<FieldViolation> violations) {
        problem.setProperty("errors", violations);
        return problem;
    }

    static ResponseEntity<Object> response(ProblemDetail problem, HttpHeaders headers) {
        HttpHeaders all = new HttpHeaders();
        all.addAll(headers);
        // Always problem+json, whatever the client's Accept header prefers.
        all.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        return ResponseEntity.status(problem.getStatus()).headers(all).body(problem);
    }
}
