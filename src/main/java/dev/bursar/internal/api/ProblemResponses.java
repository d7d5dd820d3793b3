package dev.bursar.internal.api;

import dev.bursar.internal.domain.ErrorCode;
import dev.bursar.internal.middleware.AcceptsIdempotencyKey;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.examples.Example;
import io.swagger.v3.oas.models.media.ArraySchema;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

/**
 * Documents the problem responses of every operation in the OpenAPI document, all as
 * problem+json with one example per code: the codes any operation may get, those that follow from
 * what it reads (a body, path ids, query parameters, an {@code Idempotency-Key}), and those its
 * handler declares with {@link Refusals}.
 */
@Component
class ProblemResponses implements OperationCustomizer {

    /** What any API operation may meet, whatever it does. */
    private static final Set<ErrorCode> EVERY_OPERATION = codes(
            ErrorCode.UNAUTHORIZED,
            ErrorCode.NOT_ACCEPTABLE,
            ErrorCode.RATE_LIMITED,
            ErrorCode.INTERNAL_ERROR,
            ErrorCode.SERVICE_UNAVAILABLE);

    private static final Set<ErrorCode> WITH_BODY = codes(
            ErrorCode.MALFORMED_REQUEST,
            ErrorCode.VALIDATION_FAILED,
            ErrorCode.PAYLOAD_TOO_LARGE,
            ErrorCode.UNSUPPORTED_MEDIA_TYPE);

    private static final Set<ErrorCode> WITH_PATH_ID = codes(ErrorCode.MALFORMED_REQUEST, ErrorCode.NOT_FOUND);

    private static final Set<ErrorCode> WITH_QUERY = codes(ErrorCode.VALIDATION_FAILED);

    /** A malformed key, the same key with another request, the same key while the first still runs. */
    private static final Set<ErrorCode> WITH_IDEMPOTENCY_KEY = codes(
            ErrorCode.VALIDATION_FAILED, ErrorCode.IDEMPOTENCY_REQUEST_IN_PROGRESS, ErrorCode.IDEMPOTENCY_KEY_REUSED);

    static final String SCHEMA_REF = "#/components/schemas/Problem";

    /** The Problem schema registered in {@link OpenApiConfiguration}. */
    static Schema<?> problemSchema() {
        List<String> known =
                Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList();
        Schema<?> error = new ObjectSchema()
                .required(List.of("field", "message"))
                .addProperty("field", new StringSchema().example("email"))
                .addProperty(
                        "message", new StringSchema().example("must be an email address of at most 254 characters"));
        return new ObjectSchema()
                .description("RFC 9457 problem details; `code` is stable and machine-readable")
                .addProperty("type", new StringSchema().example("urn:bursar:problem:validation_failed"))
                .addProperty("title", new StringSchema().example("Validation failed"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("the request breaks a validation rule"))
                .addProperty("instance", new StringSchema().example("/api/v1/users"))
                // An open string, not an enum: a client built today must still read a code added later.
                .addProperty(
                        "code",
                        new StringSchema()
                                .description("stable and machine-readable; the codes known today: "
                                        + known.stream()
                                                .map(code -> "`" + code + "`")
                                                .collect(Collectors.joining(", "))
                                        + ". New codes may be added: treat an unknown one by its `status`.")
                                .examples(List.copyOf(known)))
                .addProperty("request_id", new StringSchema().example("01a204b5-82b4-7373-b3ce-557746081345"))
                .addProperty("errors", new ArraySchema().items(error).description("only for validation_failed"))
                // instance is left out when the request's path is not even a valid URI.
                .required(List.of("type", "title", "status", "detail", "code", "request_id"));
    }

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        String instance = examplePath(handler);
        problemsOf(handler.getMethod()).forEach((status, codes) -> {
            MediaType problem = new MediaType().schema(new Schema<>().$ref(SCHEMA_REF));
            codes.forEach(code -> problem.addExamples(code.code(), example(code, instance)));
            responses.addApiResponse(
                    String.valueOf(status),
                    new ApiResponse()
                            .description(codes.stream().map(ErrorCode::code).collect(Collectors.joining(", ")))
                            .content(new Content().addMediaType("application/problem+json", problem)));
        });
        operation.setResponses(responses);
        return operation;
    }

    /** The problem codes a handler may answer with, by status, each status's codes in contract order. */
    static Map<Integer, List<ErrorCode>> problemsOf(Method handler) {
        Set<ErrorCode> codes = EnumSet.copyOf(EVERY_OPERATION);
        for (Parameter parameter : handler.getParameters()) {
            if (parameter.isAnnotationPresent(RequestBody.class)) {
                codes.addAll(WITH_BODY);
            }
            if (parameter.isAnnotationPresent(PathVariable.class)) {
                codes.addAll(WITH_PATH_ID);
            }
            if (parameter.isAnnotationPresent(RequestParam.class)) {
                codes.addAll(WITH_QUERY);
            }
        }
        if (handler.isAnnotationPresent(AcceptsIdempotencyKey.class)) {
            codes.addAll(WITH_IDEMPOTENCY_KEY);
        }
        Refusals refusals = handler.getAnnotation(Refusals.class);
        if (refusals != null) {
            codes.addAll(List.of(refusals.value()));
        }
        return codes.stream()
                .collect(Collectors.groupingBy(ErrorCode::status, TreeMap::new, Collectors.toUnmodifiableList()));
    }

    private static Set<ErrorCode> codes(ErrorCode first, ErrorCode... rest) {
        return Collections.unmodifiableSet(EnumSet.of(first, rest));
    }

    private static Example example(ErrorCode code, String instance) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", Problems.TYPE_PREFIX + code.code());
        body.put("title", code.title());
        body.put("status", code.status());
        body.put("detail", exampleDetail(code));
        body.put("instance", instance);
        body.put("code", code.code());
        body.put("request_id", "01a204b5-82b4-7373-b3ce-557746081345");
        if (code == ErrorCode.VALIDATION_FAILED) {
            body.put("errors", List.of(Map.of("field", "amount", "message", "must be between 1 and 9007199254740991")));
        }
        return new Example().summary(code.title()).value(body);
    }

    /** A detail such as the code's real responses carry; a new code must be given one here. */
    private static String exampleDetail(ErrorCode code) {
        return switch (code) {
            case MALFORMED_REQUEST -> "the request body is not valid JSON of the expected shape";
            case VALIDATION_FAILED -> "the request breaks a validation rule";
            case UNAUTHORIZED -> "a valid API key is required: Authorization: Bearer <api-key>";
            case METHOD_NOT_ALLOWED -> "this method is not allowed on this path";
            case NOT_ACCEPTABLE -> "the API answers in application/json only";
            case FORBIDDEN -> "your role does not allow this operation";
            case NOT_FOUND -> "account not found";
            case EMAIL_TAKEN -> "a user with this email already exists";
            case ACCOUNT_NOT_EMPTY -> "only an account with balance 0 can be closed";
            case USER_HAS_ACCOUNTS -> "the user owns accounts";
            case ACCOUNT_CLOSED -> "the account is closed; closed is final";
            case IDEMPOTENCY_REQUEST_IN_PROGRESS ->
                "a request with this Idempotency-Key is still being processed; retry later";
            case PAYLOAD_TOO_LARGE -> "the request body is over the size limit";
            case UNSUPPORTED_MEDIA_TYPE -> "send the body as application/json";
            case INSUFFICIENT_FUNDS -> "the source account's balance is too low";
            case CURRENCY_MISMATCH -> "the transfer is in EUR but the accounts hold EUR and USD";
            case SAME_ACCOUNT -> "the source and destination account are the same";
            case ACCOUNT_INACTIVE -> "both accounts must be active";
            case BALANCE_OVERFLOW -> "a balance would leave the signed 64-bit range";
            case EVENTS_EXPIRED -> "events after 42 are no longer kept (retention PT168H)";
            case IDEMPOTENCY_KEY_REUSED -> "this Idempotency-Key was used for a different request";
            case RATE_LIMITED -> "over the rate limit of 200 requests, 100 more per second; retry in 1 s";
            case SERVICE_UNAVAILABLE -> "the service is temporarily unavailable; retry later";
            case INTERNAL_ERROR -> "an unexpected error occurred";
        };
    }

    /** The operation's path with an example id, as a problem's {@code instance} would show it. */
    private static String examplePath(HandlerMethod handler) {
        String path = firstPath(handler.getBeanType()) + firstPath(handler.getMethod());
        return path.replaceAll("\\{[^}]+}", "01a204b5-6a1e-7c7d-9f3a-2b1c0d4e5f60");
    }

    static String firstPath(AnnotatedElement element) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(element, RequestMapping.class);
        return mapping != null && mapping.path().length > 0 ? mapping.path()[0] : "";
    }
}
