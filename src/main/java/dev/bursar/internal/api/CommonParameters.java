package dev.bursar.internal.api;

import dev.bursar.internal.middleware.AcceptsIdempotencyKey;
import dev.bursar.internal.middleware.RequestAttributes;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import java.util.Map;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Documents the parameters that mean the same on every operation, in one place: the paging
 * parameters of every list, and the {@code Idempotency-Key} header of every handler marked
 * {@link AcceptsIdempotencyKey} (the same mark that makes the idempotency filter honour it).
 */
@Component
class CommonParameters implements OperationCustomizer {

    private static final Map<String, String> PAGING = Map.of(
            "limit", "1 to 100, default 20",
            "cursor", "next_cursor of the previous page");

    private static final String IDEMPOTENCY = "Processed at most once per key and caller. A retry with the same key "
            + "and the same request gets the first response again, with `Idempotent-Replayed: true`; the same key "
            + "with a different request gets 422 idempotency_key_reused; while the first is still running, "
            + "409 idempotency_request_in_progress.";

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        if (operation.getParameters() != null) {
            operation.getParameters().stream()
                    .filter(parameter -> "query".equals(parameter.getIn()) && parameter.getDescription() == null)
                    .forEach(parameter -> parameter.setDescription(PAGING.get(parameter.getName())));
        }
        if (handler.hasMethodAnnotation(AcceptsIdempotencyKey.class)) {
            operation.addParametersItem(new HeaderParameter()
                    .name(RequestAttributes.IDEMPOTENCY_KEY_HEADER)
                    .description(IDEMPOTENCY)
                    .schema(new StringSchema().minLength(1).maxLength(255).example("7f1c2e9a-rent-2026-11")));
        }
        return operation;
    }
}
