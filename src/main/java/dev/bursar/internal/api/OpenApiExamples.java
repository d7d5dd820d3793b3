package dev.bursar.internal.api;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.tags.Tag;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.stereotype.Component;

/**
 * Finishes the OpenAPI document: described tags, the API-key requirement on every operation, and
 * an example for every request body and success response, built from the examples of the
 * schema's fields so that examples and schemas cannot drift apart.
 */
@Component
class OpenApiExamples implements OpenApiCustomizer {

    static final Map<String, String> TAGS = tags();

    private static final String EXAMPLE_TIME = "2026-11-22T10:15:30.123Z";

    private static Map<String, String> tags() {
        Map<String, String> tags = new LinkedHashMap<>();
        tags.put("Users", "People who hold accounts and API keys; `admin` manages everyone, `user` only itself.");
        tags.put(
                "API keys",
                "Bearer keys for `Authorization`: shown once at creation, stored only as a hash, "
                        + "refused at once when revoked.");
        tags.put("Accounts", "Balances in one currency's minor unit, and their journal of entries.");
        tags.put(
                "Transfers",
                "Money moved between accounts, and deposits and withdrawals through the system "
                        + "account of a currency: atomic, never below zero, idempotent with `Idempotency-Key`.");
        tags.put(
                "Events",
                "Every committed change of a balance, in journal order: live over Server-Sent Events or "
                        + "WebSocket (no gap, no duplicate, resumable by seq), or by page.");
        return java.util.Collections.unmodifiableMap(tags);
    }

    @Override
    public void customise(OpenAPI openApi) {
        openApi.setTags(TAGS.entrySet().stream()
                .map(tag -> new Tag().name(tag.getKey()).description(tag.getValue()))
                .toList());
        Map<String, Schema> schemas =
                openApi.getComponents() == null || openApi.getComponents().getSchemas() == null
                        ? Map.of()
                        : openApi.getComponents().getSchemas();
        if (openApi.getPaths() == null) {
            return;
        }
        openApi.getPaths()
                .values()
                .forEach(path -> path.readOperations().forEach(operation -> {
                    operation.setSecurity(
                            List.of(new SecurityRequirement().addList(OpenApiConfiguration.API_KEY_SCHEME)));
                    addExamples(operation, schemas);
                }));
    }

    private static void addExamples(Operation operation, Map<String, Schema> schemas) {
        if (operation.getRequestBody() != null && operation.getRequestBody().getContent() != null) {
            operation.getRequestBody().getContent().values().forEach(media -> exampleFor(media, schemas, true));
        }
        if (operation.getResponses() != null) {
            operation.getResponses().forEach((status, response) -> {
                if (status.startsWith("2") && response.getContent() != null) {
                    response.getContent().values().forEach(media -> exampleFor(media, schemas, false));
                }
            });
        }
    }

    /** @param request leave out optional fields that have no example of their own (e.g. admin-only ones) */
    private static void exampleFor(MediaType media, Map<String, Schema> schemas, boolean request) {
        if (media.getExample() == null && media.getExamples() == null && media.getSchema() != null) {
            media.setExample(new Examples(schemas, request).of(media.getSchema(), 0));
        }
    }

    private record Examples(Map<String, Schema> schemas, boolean request) {

        /** An example value for a schema: its own example, else one made of its fields' examples. */
        Object of(Schema<?> schema, int depth) {
            if (schema.get$ref() != null) {
                Schema<?> target =
                        schemas.get(schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1));
                return target == null || depth > 5 ? null : of(target, depth + 1);
            }
            if (schema.getExample() != null) {
                return schema.getExample();
            }
            if (schema.getExamples() != null && !schema.getExamples().isEmpty()) {
                return schema.getExamples().getFirst();
            }
            if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
                return schema.getEnum().getFirst();
            }
            String type = typeOf(schema);
            if (schema.getProperties() != null || "object".equals(type)) {
                Map<String, Object> object = new LinkedHashMap<>();
                if (schema.getProperties() != null) {
                    schema.getProperties().forEach((name, property) -> {
                        boolean required = schema.getRequired() != null
                                && schema.getRequired().contains(name);
                        if (request && !required && property.getExample() == null) {
                            return;
                        }
                        object.put(
                                name,
                                "uuid".equals(property.getFormat()) && property.getExample() == null
                                        ? exampleId(name)
                                        : of(property, depth + 1));
                    });
                }
                return object;
            }
            if ("array".equals(type)) {
                return schema.getItems() == null ? List.of() : List.of(of(schema.getItems(), depth + 1));
            }
            if (schema.getFormat() != null) {
                switch (schema.getFormat()) {
                    case "uuid" -> {
                        return exampleId("id");
                    }
                    case "date-time" -> {
                        return EXAMPLE_TIME;
                    }
                    default -> {}
                }
            }
            return switch (type == null ? "" : type) {
                case "integer", "number" -> 1;
                case "boolean" -> true;
                case "string" -> "string";
                default -> null;
            };
        }
    }

    /** A UUIDv7-shaped id that differs by field, so that an example never reads as "same account". */
    private static String exampleId(String field) {
        return String.format(
                java.util.Locale.ROOT,
                "01a204b5-6a1e-7c7d-9f3a-%012x",
                Integer.toUnsignedLong(field.hashCode()) * 4099L % (1L << 48));
    }

    /** The schema's type in OpenAPI 3.0 ({@code type}) or 3.1 ({@code types}, less {@code null}). */
    private static String typeOf(Schema<?> schema) {
        if (schema.getType() != null) {
            return schema.getType();
        }
        Set<String> types = schema.getTypes();
        return types == null
                ? null
                : types.stream().filter(t -> !"null".equals(t)).findFirst().orElse(null);
    }
}
