package dev.bursar.internal.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.media.Schema;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Marks every field of a success response's schema {@code required}: the API always writes every
 * field of a response, {@code null} where there is no value (the contract), so a generated model
 * must not make them optional. Nullable fields say so in their type.
 */
@Component
class ResponseFields implements OpenApiCustomizer {

    @Override
    public void customise(OpenAPI openApi) {
        if (openApi.getPaths() == null
                || openApi.getComponents() == null
                || openApi.getComponents().getSchemas() == null) {
            return;
        }
        Map<String, Schema> schemas = openApi.getComponents().getSchemas();
        Set<String> seen = new HashSet<>();
        openApi.getPaths()
                .values()
                .forEach(path -> path.readOperations().forEach(operation -> {
                    if (operation.getResponses() != null) {
                        operation.getResponses().forEach((status, response) -> {
                            if (status.startsWith("2") && response.getContent() != null) {
                                response.getContent()
                                        .values()
                                        .forEach(media -> requireAll(media.getSchema(), schemas, seen));
                            }
                        });
                    }
                }));
    }

    private static void requireAll(Schema<?> schema, Map<String, Schema> schemas, Set<String> seen) {
        if (schema == null) {
            return;
        }
        if (schema.get$ref() != null) {
            String name = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
            if (seen.add(name)) {
                requireAll(schemas.get(name), schemas, seen);
            }
            return;
        }
        requireAll(schema.getItems(), schemas, seen);
        if (schema.getProperties() != null) {
            schema.setRequired(new ArrayList<>(schema.getProperties().keySet()));
            schema.getProperties().values().forEach(property -> requireAll(property, schemas, seen));
        }
    }
}
