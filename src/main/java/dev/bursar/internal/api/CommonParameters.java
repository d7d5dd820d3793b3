package dev.bursar.internal.api;

import dev.bursar.internal.domain.PageRequest;
import dev.bursar.internal.middleware.AcceptsIdempotencyKey;
import dev.bursar.internal.middleware.RequestAttributes;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.parameters.Parameter;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Documents the parameters that mean the same on every operation, in one place: the paging
 * parameters of every list (typed as {@link Paging} reads them, although they bind as text so that
 * a bad value is a {@code validation_failed} problem), the ids in paths, and the
 * {@code Idempotency-Key} header of every handler marked {@link AcceptsIdempotencyKey} (the same
 * mark that makes the idempotency filter honour it).
 */
@Component
class CommonParameters implements OperationCustomizer {

    private record Documented(String description, Supplier<Schema<?>> schema) {}

    private static final Map<String, Documented> PAGING = Map.of(
            "limit",
            new Documented(
                    "page size, 1 to " + PageRequest.MAX_LIMIT + ", default " + PageRequest.DEFAULT_LIMIT,
                    () -> new IntegerSchema()
                            .minimum(java.math.BigDecimal.ONE)
                            .maximum(java.math.BigDecimal.valueOf(PageRequest.MAX_LIMIT))
                            ._default(PageRequest.DEFAULT_LIMIT)),
            "cursor",
            new Documented("next_cursor of the previous page; opaque", StringSchema::new));

    /** A path id, by the collection it names a member of ({@code /users/{id}/api-keys/{key_id}}: a user's id, a key's). */
    private static final Map<String, String> PATH_IDS = Map.of(
            "users", "the user's id",
            "accounts", "the account's id",
            "transfers", "the transfer's id",
            "api-keys", "the API key's id");

    private static final String IDEMPOTENCY = "Processed at most once per key and caller. A retry with the same key "
            + "and the same request gets the first response again, with `Idempotent-Replayed: true`; the same key "
            + "with a different request gets 422 idempotency_key_reused; while the first is still running, "
            + "409 idempotency_request_in_progress.";

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        if (operation.getParameters() != null) {
            String path =
                    ProblemResponses.firstPath(handler.getBeanType()) + ProblemResponses.firstPath(handler.getMethod());
            operation.getParameters().forEach(parameter -> document(parameter, path));
        }
        if (handler.hasMethodAnnotation(AcceptsIdempotencyKey.class)) {
            operation.addParametersItem(new HeaderParameter()
                    .name(RequestAttributes.IDEMPOTENCY_KEY_HEADER)
                    .description(IDEMPOTENCY)
                    .schema(new StringSchema().minLength(1).maxLength(255).example("7f1c2e9a-rent-2026-11")));
        }
        return operation;
    }

    private static void document(Parameter parameter, String path) {
        if ("query".equals(parameter.getIn()) && PAGING.containsKey(parameter.getName())) {
            Documented paging = PAGING.get(parameter.getName());
            parameter.setDescription(paging.description());
            parameter.setSchema(paging.schema().get());
        }
        if ("path".equals(parameter.getIn()) && parameter.getDescription() == null) {
            Matcher collection = Pattern.compile("([^/]+)/\\{" + Pattern.quote(parameter.getName()) + "}")
                    .matcher(path);
            if (collection.find()) {
                parameter.setDescription(PATH_IDS.get(collection.group(1)));
            }
        }
    }
}
