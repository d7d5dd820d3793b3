package dev.bursar.internal.api;

import dev.bursar.internal.middleware.AcceptsIdempotencyKey;
import dev.bursar.internal.middleware.RequestAttributes;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import org.springdoc.core.customizers.OperationCustomizer;
import org.springframework.stereotype.Component;
import org.springframework.web.method.HandlerMethod;

/**
 * Documents the {@code Idempotency-Key} header on every handler marked
 * {@link AcceptsIdempotencyKey}: the same mark that makes the idempotency filter honour it.
 */
@Component
class IdempotencyKeyParameter implements OperationCustomizer {

    private static final String DESCRIPTION = "Processed at most once per key and caller. A retry with the same key "
            + "and the same request gets the first response again, with `Idempotent-Replayed: true`; the same key "
            + "with a different request gets 422 idempotency_key_reused; while the first is still running, "
            + "409 idempotency_request_in_progress.";

    @Override
    public Operation customize(Operation operation, HandlerMethod handler) {
        if (handler.hasMethodAnnotation(AcceptsIdempotencyKey.class)) {
            operation.addParametersItem(new HeaderParameter()
                    .name(RequestAttributes.IDEMPOTENCY_KEY_HEADER)
                    .description(DESCRIPTION)
                    .schema(new StringSchema().minLength(1).maxLength(255).example("7f1c2e9a-rent-2026-11")));
        }
        return operation;
    }
}
