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

    private Problems() {}

    static ProblemDetail problem(ErrorCode code, String detail, HttpServletRequest request) {
        return decorate(ProblemDetail.forStatusAndDetail(HttpStatusCode.valueOf(code.status()), detail), code, request);
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
        request.setAttribute(RequestAttributes.PROBLEM_CODE, code.code());
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
