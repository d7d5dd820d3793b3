package dev.bursar.internal.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.List;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Lists {@code null} among the allowed values of a nullable enum field ({@code UserRequest.role}):
 * in JSON Schema {@code enum} constrains every value, so {@code type: [string, null]} with
 * {@code enum: [admin, user]} would still refuse the {@code null} the API accepts.
 */
@Component
class NullableEnums implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getComponents() == null || openApi.getComponents().getSchemas() == null) {
            return;
        }
        for (Schema<?> schema : openApi.getComponents().getSchemas().values()) {
            if (schema.getProperties() != null) {
                schema.getProperties().values().forEach(NullableEnums::allowNull);
            }
        }
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static void allowNull(Schema property) {
        List<Object> values = property.getEnum();
        if (values == null || values.contains(null)) {
            return;
        }
        boolean nullable = property.getTypes() != null && property.getTypes().contains("null");
        if (nullable) {
            List<Object> withNull = new ArrayList<>(values);
            withNull.add(null);
            property.setEnum(withNull);
        }
    }
}
