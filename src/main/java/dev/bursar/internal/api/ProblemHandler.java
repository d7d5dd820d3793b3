package dev.bursar.internal.api;

import dev.bursar.internal.domain.DomainException;
import dev.bursar.internal.domain.ErrorCode;
import dev.bursar.internal.service.Failures;
import dev.bursar.internal.service.IdempotencyClaimLostException;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.firewall.RequestRejectedException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.NativeWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.server.PayloadTooLargeException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * The one place where failures become problem responses. Domain errors keep their code; Spring
 * MVC and Spring Security failures get the contract's code for their status; anything unexpected
 * is logged and answered with a 500 that says nothing about internals.
 */
@RestControllerAdvice
public class ProblemHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(DomainException.class)
    ResponseEntity<Object> domain(DomainException e, HttpServletRequest request) {
        if (e.field().isPresent()) {
            return validationFailed(List.of(new FieldViolation(e.field().get(), e.getMessage())), request);
        }
        return Problems.response(Problems.problem(e.code(), e.getMessage(), request), HttpHeaders.EMPTY);
    }

    @ExceptionHandler(IdempotencyClaimLostException.class)
    ResponseEntity<Object> claimLost(IdempotencyClaimLostException e, HttpServletRequest request) {
        return Problems.response(
                Problems.problem(ErrorCode.IDEMPOTENCY_REQUEST_IN_PROGRESS, e.getMessage(), request),
                HttpHeaders.EMPTY);
    }

    @ExceptionHandler(InvalidRequestException.class)
    ResponseEntity<Object> invalid(InvalidRequestException e, HttpServletRequest request) {
        return validationFailed(e.violations(), request);
    }

    @ExceptionHandler(AuthenticationException.class)
    ResponseEntity<Object> unauthenticated(AuthenticationException e, HttpServletRequest request) {
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        ProblemDetail problem = Problems.problem(
                ErrorCode.UNAUTHORIZED, "a valid API key is required: Authorization: Bearer <api-key>", request);
        return Problems.response(problem, headers);
    }

    @ExceptionHandler(AccessDeniedException.class)
    ResponseEntity<Object> denied(AccessDeniedException e, HttpServletRequest request) {
        return Problems.response(
                Problems.problem(ErrorCode.FORBIDDEN, "your role does not allow this operation", request),
                HttpHeaders.EMPTY);
    }

    @ExceptionHandler(RequestRejectedException.class)
    ResponseEntity<Object> rejected(RequestRejectedException e, HttpServletRequest request) {
        return Problems.response(
                Problems.problem(ErrorCode.MALFORMED_REQUEST, "the request path is not allowed", request),
                HttpHeaders.EMPTY);
    }

    /** Everything else: the database busy or out of reach is a 503 (never a hang), anything unknown a 500. */
    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception e, HttpServletRequest request) {
        Failures.Kind kind = Failures.classify(e);
        if (kind == Failures.Kind.BUSY || kind == Failures.Kind.UNAVAILABLE) {
            log.warn(
                    kind == Failures.Kind.BUSY
                            ? "database contention outlasted retries: {}"
                            : "database unavailable or out of time: {}",
                    e.getMessage());
            HttpHeaders headers = new HttpHeaders();
            headers.set(HttpHeaders.RETRY_AFTER, Integer.toString(kind.retryAfterSeconds()));
            return Problems.response(
                    Problems.problem(
                            ErrorCode.SERVICE_UNAVAILABLE,
                            kind == Failures.Kind.BUSY
                                    ? "the service is busy; retry the request"
                                    : "the service is temporarily unavailable; retry later",
                            request),
                    headers);
        }
        log.error("unexpected failure", e);
        return Problems.response(
                Problems.problem(ErrorCode.INTERNAL_ERROR, "an unexpected error occurred", request), HttpHeaders.EMPTY);
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldViolation> violations = e.getBindingResult().getFieldErrors().stream()
                .map(ProblemHandler::violation)
                .toList();
        return validationFailed(violations, servletRequest(request));
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldViolation> violations = e.getParameterValidationResults().stream()
                .flatMap(result -> result.getResolvableErrors().stream()
                        .map(error -> new FieldViolation(
                                result.getMethodParameter().getParameterName(), error.getDefaultMessage())))
                .toList();
        return validationFailed(violations, servletRequest(request));
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException e, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        // A body without a declared length that outgrows the limit fails while Jackson reads it.
        for (Throwable cause = e; cause != null; cause = cause.getCause()) {
            if (cause instanceof PayloadTooLargeException tooLarge) {
                return handleExceptionInternal(tooLarge, null, headers, tooLarge.getStatusCode(), request);
            }
            if (cause instanceof InvalidTextException text) {
                String field = text.getPath().isEmpty() ? "body" : JsonProblems.path(text);
                return validationFailed(
                        List.of(new FieldViolation(field, text.getOriginalMessage())), servletRequest(request));
            }
        }
        ProblemDetail problem = Problems.problem(
                ErrorCode.MALFORMED_REQUEST,
                "the request body is not valid JSON of the expected shape" + JsonProblems.where(e),
                servletRequest(request));
        return Problems.response(problem, headers);
    }

    /** Every other Spring MVC failure: keep its status and headers, add the contract's fields. */
    @Override
    protected ResponseEntity<Object> handleExceptionInternal(
            Exception e, Object body, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = body instanceof ProblemDetail detail ? detail : ProblemDetail.forStatus(status);
        if (status.is5xxServerError()) {
            log.error("request failed", e);
            problem.setDetail(null); // never describe internals
        }
        Problems.decorate(problem, ErrorCode.forStatus(status.value()), servletRequest(request));
        return Problems.response(problem, headers);
    }

    private ResponseEntity<Object> validationFailed(List<FieldViolation> violations, HttpServletRequest request) {
        ProblemDetail problem =
                Problems.problem(ErrorCode.VALIDATION_FAILED, "the request breaks a validation rule", request);
        return Problems.response(Problems.withViolations(problem, violations), HttpHeaders.EMPTY);
    }

    private static FieldViolation violation(FieldError error) {
        return new FieldViolation(JsonProblems.snakeCase(error.getField()), error.getDefaultMessage());
    }

    private static HttpServletRequest servletRequest(WebRequest request) {
        return ((NativeWebRequest) request).getNativeRequest(HttpServletRequest.class);
    }
}
