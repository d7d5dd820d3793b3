package dev.bursar.internal.api;

import dev.bursar.internal.domain.ErrorCode;
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
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * Documents the problem responses of every operation in the OpenAPI document: the ones any route
 * may give (401, 406, 429, 500, 503), the ones that follow from what it reads (a body, path ids,
 * paging parameters), and those a controller declares with {@code @ApiResponse}, all as
 * problem+json with one example per contract code the response names.
 */
@Component
class ProblemResponses implements OperationCustomizer {

    static final String SCHEMA_REF = "#/components/schemas/Problem";

    /** The Problem schema registered in {@link OpenApiConfiguration}. */
    static Schema<?> problemSchema() {
        Schema<?> error = new ObjectSchema()
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
                .addProperty(
                        "code",
                        new StringSchema()
                                ._enum(Arrays.stream(ErrorCode.values())
                                        .map(ErrorCode::code)
                                        .toList()))
                .addProperty("request_id", new StringSchema().example("01a204b5-82b4-7373-b3ce-557746081345"))
                .addProperty("errors", new ArraySchema().items(error).description("only for validation_failed"));
    }

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        Map<Integer, List<ErrorCode>> problems = new LinkedHashMap<>();
        add(
                problems,
                ErrorCode.UNAUTHORIZED,
                ErrorCode.NOT_ACCEPTABLE,
                ErrorCode.RATE_LIMITED,
                ErrorCode.INTERNAL_ERROR,
                ErrorCode.SERVICE_UNAVAILABLE);
        for (var parameter : handler.getMethodParameters()) {
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                add(
                        problems,
                        ErrorCode.MALFORMED_REQUEST,
                        ErrorCode.VALIDATION_FAILED,
                        ErrorCode.PAYLOAD_TOO_LARGE,
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE);
            }
            if (parameter.hasParameterAnnotation(PathVariable.class)) {
                add(problems, ErrorCode.MALFORMED_REQUEST, ErrorCode.NOT_FOUND);
            }
            if (parameter.hasParameterAnnotation(RequestParam.class)) {
                add(problems, ErrorCode.VALIDATION_FAILED);
            }
        }
        ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
        problems.forEach((status, codes) -> responses.computeIfAbsent(
                String.valueOf(status),
                s -> new ApiResponse()
                        .description(codes.stream().map(ErrorCode::code).collect(Collectors.joining(", ")))));
        responses.forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                MediaType problem = new MediaType().schema(new Schema<>().$ref(SCHEMA_REF));
                codesNamedIn(response.getDescription(), Integer.parseInt(status))
                        .forEach(code -> problem.addExamples(code.code(), example(code, handler)));
                response.setContent(new Content().addMediaType("application/problem+json", problem));
            }
        });
        operation.setResponses(responses);
        return operation;
    }

    /** The contract codes of this status that a response description names, in contract order. */
    private static List<ErrorCode> codesNamedIn(String description, int status) {
        Set<String> words = description == null
                ? Set.of()
                : Arrays.stream(description.split("[^a-z_]+")).collect(Collectors.toSet());
        List<ErrorCode> named = Arrays.stream(ErrorCode.values())
                .filter(code -> code.status() == status && words.contains(code.code()))
                .toList();
        return named.isEmpty() ? List.of(ErrorCode.forStatus(status)) : named;
    }

    private static Example example(ErrorCode code, HandlerMethod handler) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("type", Problems.TYPE_PREFIX + code.code());
        body.put("title", code.title());
        body.put("status", code.status());
        body.put("detail", EXAMPLE_DETAILS.getOrDefault(code, code.title()));
        body.put("instance", examplePath(handler));
        body.put("code", code.code());
        body.put("request_id", "01a204b5-82b4-7373-b3ce-557746081345");
        if (code == ErrorCode.VALIDATION_FAILED) {
            body.put("errors", List.of(Map.of("field", "amount", "message", "must be between 1 and 9007199254740991")));
        }
        return new Example().summary(code.title()).value(body);
    }

    private static final Map<ErrorCode, String> EXAMPLE_DETAILS = Map.ofEntries(
            Map.entry(ErrorCode.MALFORMED_REQUEST, "the request body is not valid JSON of the expected shape"),
            Map.entry(ErrorCode.VALIDATION_FAILED, "the request breaks a validation rule"),
            Map.entry(ErrorCode.UNAUTHORIZED, "a valid API key is required: Authorization: Bearer <api-key>"),
            Map.entry(ErrorCode.NOT_FOUND, "account not found"),
            Map.entry(ErrorCode.INSUFFICIENT_FUNDS, "the source account's balance is too low"),
            Map.entry(ErrorCode.RATE_LIMITED, "over the rate limit of 200 requests, 100 more per second; retry in 1 s"),
            Map.entry(ErrorCode.SERVICE_UNAVAILABLE, "the service is temporarily unavailable; retry later"),
            Map.entry(ErrorCode.INTERNAL_ERROR, "an unexpected error occurred"));

    /** The operation's path with an example id, as a problem's {@code instance} would show it. */
    private static String examplePath(HandlerMethod handler) {
        RequestMapping mapping = AnnotatedElementUtils.findMergedAnnotation(handler.getMethod(), RequestMapping.class);
        String path = mapping != null && mapping.path().length > 0 ? mapping.path()[0] : "/api/v1";
        return path.replaceAll("\\{[^}]+}", "01a204b5-6a1e-7c7d-9f3a-2b1c0d4e5f60");
    }

    private static void add(Map<Integer, List<ErrorCode>> problems, ErrorCode... codes) {
        for (ErrorCode code : codes) {
            problems.merge(
                    code.status(),
                    List.of(code),
                    (a, b) -> a.contains(b.getFirst())
                            ? a
                            : java.util.stream.Stream.concat(a.stream(), b.stream())
                                    .toList());
        }
    }
}
