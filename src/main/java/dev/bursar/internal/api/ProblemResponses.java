package dev.bursar.internal.api;

import dev.bursar.internal.domain.ErrorCode;
import io.swagger.v3.oas.models.Operation;
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
import java.util.stream.Collectors;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.method.HandlerMethod;

/**
 * Documents the problem responses of every operation in the OpenAPI document: the ones any route
 * may give (401, 406, 500, 503), the ones that follow from what it reads (a body, path ids, paging
 * parameters), and those a controller declares with {@code @ApiResponse}, all as problem+json
 * with their contract codes.
 */
@Component
class ProblemResponses implements OperationCustomizer {

    static final String SCHEMA_REF = "#/components/schemas/Problem";

    /** The Problem schema registered in {@link OpenApiConfiguration}. */
    static Schema<?> problemSchema() {
        Schema<?> error = new ObjectSchema()
                .addProperty("field", new StringSchema().example("email"))
                .addProperty("message", new StringSchema().example("must be an email address of at most 254 characters"));
        return new ObjectSchema()
                .description("RFC 9457 problem details; `code` is stable and machine-readable")
                .addProperty("type", new StringSchema().example("urn:bursar:problem:validation_failed"))
                .addProperty("title", new StringSchema().example("Validation failed"))
                .addProperty("status", new IntegerSchema().example(400))
                .addProperty("detail", new StringSchema().example("the request breaks a validation rule"))
                .addProperty("instance", new StringSchema().example("/api/v1/users"))
                .addProperty("code", new StringSchema()._enum(Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList()))
                .addProperty("request_id", new StringSchema().example("01a204b5-82b4-7373-b3ce-557746081345"))
                .addProperty("errors", new ArraySchema().items(error).description("only for validation_failed"));
    }

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        Map<Integer, List<ErrorCode>> problems = new LinkedHashMap<>();
        add(problems, ErrorCode.UNAUTHORIZED, ErrorCode.NOT_ACCEPTABLE, ErrorCode.INTERNAL_ERROR,
                ErrorCode.SERVICE_UNAVAILABLE);
        for (var parameter : handler.getMethodParameters()) {
            if (parameter.hasParameterAnnotation(RequestBody.class)) {
                add(problems, ErrorCode.MALFORMED_REQUEST, ErrorCode.VALIDATION_FAILED, ErrorCode.PAYLOAD_TOO_LARGE,
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
        problems.forEach((status, codes) -> responses.computeIfAbsent(String.valueOf(status), s -> new ApiResponse()
                .description(codes.stream().map(ErrorCode::code).collect(Collectors.joining(", ")))));
        responses.forEach((status, response) -> {
            if (status.startsWith("4") || status.startsWith("5")) {
                response.setContent(new Content().addMediaType("application/problem+json",
                        new MediaType().schema(new Schema<>().$ref(SCHEMA_REF))));
            }
        });
        operation.setResponses(responses);
        return operation;
    }

    private static void add(Map<Integer, List<ErrorCode>> problems, ErrorCode... codes) {
        for (ErrorCode code : codes) {
            problems.merge(code.status(), List.of(code), (a, b) -> a.contains(b.getFirst()) ? a
                    : java.util.stream.Stream.concat(a.stream(), b.stream()).toList());
        }
    }
}
