package dev.bursar.internal.api;

import dev.bursar.internal.middleware.RequestAttributes;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.headers.Header;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;

/**
 * Documents the response headers of every operation, in one place: those every API response
 * carries, {@code Location} of a 201, {@code WWW-Authenticate} of a 401, {@code Retry-After} of
 * 429 and 503, and {@code Idempotent-Replayed} of the responses an {@code Idempotency-Key} stores.
 */
@Component
class ResponseHeaders implements OpenApiCustomizer {

    static final String RATE_LIMIT = "RateLimit";
    static final String RATE_LIMIT_POLICY = "RateLimit-Policy";
    static final String TRACEPARENT = "traceparent";

    /** Operations whose 201 creates no resource, so has no Location (a ticket). */
    private static final Set<String> NOTHING_TO_LOCATE = Set.of("createEventTicket");

    /** The statuses a replay can repeat (contract, "Idempotency"). */
    private static final Set<String> STORED = Set.of("200", "201", "400", "404", "422");

    private static Map<String, Header> headers() {
        Map<String, Header> headers = new LinkedHashMap<>();
        headers.put(
                RequestAttributes.REQUEST_ID_HEADER,
                header(
                        "the request's id: the client's valid X-Request-Id, else a generated one; "
                                + "also the problem's request_id",
                        "01a204b5-82b4-7373-b3ce-557746081345",
                        true));
        headers.put(
                RATE_LIMIT_POLICY,
                header(
                        "the caller's rate limit (IETF RateLimit header fields, draft 11); "
                                + "absent when rate limiting is off",
                        "\"default\";q=200;w=2",
                        false));
        headers.put(
                RATE_LIMIT,
                header(
                        "what is left of the caller's rate limit; absent when rate limiting is off",
                        "\"default\";r=199;t=1",
                        false));
        headers.put(
                TRACEPARENT,
                header(
                        "the W3C trace context of the request, to find its trace and log lines",
                        "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01",
                        false));
        headers.put(
                HttpHeaders.LOCATION,
                header("the path of the new resource", "/api/v1/transfers/01a204b5-6a1e-7c7d-9f3a-2b1c0d4e5f60", true));
        headers.put(HttpHeaders.WWW_AUTHENTICATE, header("the scheme to authenticate with", "Bearer", true));
        headers.put(
                HttpHeaders.RETRY_AFTER,
                new Header()
                        .description("whole seconds to wait before retrying, at least 1")
                        .required(true)
                        .schema(new io.swagger.v3.oas.models.media.IntegerSchema()
                                .minimum(java.math.BigDecimal.ONE)
                                .example(1)));
        headers.put(
                RequestAttributes.IDEMPOTENT_REPLAYED_HEADER,
                header(
                        "`true` when this is the stored response of an earlier request with the same Idempotency-Key",
                        "true",
                        false));
        return headers;
    }

    private static Header header(String description, String example, boolean required) {
        Schema<String> schema = new StringSchema().example(example);
        return new Header().description(description).required(required).schema(schema);
    }

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null) {
            openApi.setComponents(new Components());
        }
        headers().forEach(openApi.getComponents()::addHeaders);
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths().values().forEach(path -> path.readOperations().forEach(ResponseHeaders::document));
    }

    private static void document(Operation operation) {
        if (operation.getResponses() == null) {
            return;
        }
        boolean idempotent = operation.getParameters() != null
                && operation.getParameters().stream()
                        .anyMatch(p -> RequestAttributes.IDEMPOTENCY_KEY_HEADER.equals(p.getName()));
        operation.getResponses().forEach((status, response) -> {
            add(response, RequestAttributes.REQUEST_ID_HEADER);
            add(response, RATE_LIMIT_POLICY);
            add(response, RATE_LIMIT);
            add(response, TRACEPARENT);
            switch (status) {
                case "201" -> {
                    if (!NOTHING_TO_LOCATE.contains(operation.getOperationId())) {
                        add(response, HttpHeaders.LOCATION);
                    }
                }
                case "401" -> add(response, HttpHeaders.WWW_AUTHENTICATE);
                case "429", "503" -> add(response, HttpHeaders.RETRY_AFTER);
                default -> {}
            }
            if (idempotent && STORED.contains(status)) {
                add(response, RequestAttributes.IDEMPOTENT_REPLAYED_HEADER);
            }
        });
    }

    private static void add(ApiResponse response, String name) {
        response.addHeaderObject(name, new Header().$ref("#/components/headers/" + name));
    }
}
