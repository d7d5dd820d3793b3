package dev.bursar.support;

import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.net.URLDecoder;
import java.net.http.HttpHeaders;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.StringNode;

/**
 * What the OpenAPI 3.1 document says a response may be: the operation is found from the path
 * template and method, then the status, content type, body (JSON Schema 2020-12, formats
 * asserted) and headers are checked against it. Requests outside the document get a narrow rule,
 * see {@link #violations}.
 */
public final class OpenApiContract {

    /** Where the document itself and its UI are served: not operations of the API. */
    private static final List<String> DOCUMENTATION_PATHS = List.of("/v3/api-docs", "/swagger-ui");

    /** Test-only endpoints ({@link TestProbes}): not part of the API, so their successes are their own. */
    private static final String TEST_PROBES = "/test-probe/";

    /**
     * Headers Bursar adds itself: where one is sent, the response must document it. Transport,
     * caching and content headers of HTTP are not listed: the document need not repeat HTTP.
     */
    static final Set<String> BURSAR_HEADERS = Set.of(
            "location",
            "idempotent-replayed",
            "x-request-id",
            "ratelimit",
            "ratelimit-policy",
            "retry-after",
            "www-authenticate",
            "traceparent");

    private static final String PROBLEM_JSON = "application/problem+json";
    private static final String DOCUMENT_ID = "https://bursar.test/openapi.json";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final JsonNode document;
    private final SchemaRegistry schemas;
    private final Map<String, Schema> compiled = new ConcurrentHashMap<>();

    private OpenApiContract(JsonNode document) {
        this.document = document;
        String text = JSON.writeValueAsString(document);
        this.schemas = SchemaRegistry.withDefaultDialect(
                SpecificationVersion.DRAFT_2020_12, builder -> builder.schemas(Map.of(DOCUMENT_ID, text)));
    }

    public static OpenApiContract of(JsonNode document) {
        if (!document.path("openapi").asString().startsWith("3.1.")) {
            throw new IllegalArgumentException("not an OpenAPI 3.1 document: " + document.path("openapi"));
        }
        return new OpenApiContract(document);
    }

    /**
     * What in this response the document does not describe; empty when it describes all of it.
     * Each line starts with the operation ({@code GET /api/v1/accounts/{id} 200}).
     *
     * <p>Outside the document: the documentation's own paths and the test probes may answer as
     * they like with 2xx/3xx; every other response to a request no operation describes must be a
     * 4xx/5xx {@code application/problem+json} valid against {@code Problem}.
     */
    public List<String> violations(String method, String rawPath, int status, HttpHeaders headers, String body) {
        String path = rawPath.split("\\?", 2)[0];
        Optional<String> template = template(path);
        JsonNode operation = template.map(t -> document.path("paths").path(t).path(method.toLowerCase(Locale.ROOT)))
                .filter(JsonNode::isObject)
                .orElse(null);
        if (operation == null) {
            return outsideTheDocument(method, path, template.orElse(null), status, headers, body);
        }
        String name = method + " " + template.get() + " " + status;
        String code = String.valueOf(status);
        String pointer = "/paths/" + escape(template.get()) + "/" + method.toLowerCase(Locale.ROOT) + "/responses/";
        JsonNode responses = operation.path("responses");
        String key =
                responses.has(code) ? code : responses.has(code.charAt(0) + "XX") ? code.charAt(0) + "XX" : "default";
        if (!responses.has(key)) {
            return List.of(
                    name + ": status " + status + " not documented (documented: " + responses.propertyNames() + ")");
        }
        JsonNode response = resolve(responses.path(key));
        List<String> violations = new ArrayList<>();
        checkHeaders(name, response, pointer + escape(key), headers, violations);
        checkContent(name, response, pointer + escape(key), headers, body, violations);
        return violations;
    }

    private List<String> outsideTheDocument(
            String method, String path, String template, int status, HttpHeaders headers, String body) {
        boolean ownPath =
                path.startsWith(TEST_PROBES) || DOCUMENTATION_PATHS.stream().anyMatch(path::startsWith);
        if (ownPath && status < 400) {
            return List.of();
        }
        String name = method + " " + (template == null ? path : template) + " " + status
                + (template == null ? " (no documented path)" : " (method not documented)");
        if (status < 400) {
            return List.of(name + ": only a 4xx/5xx problem may answer a request the document does not describe");
        }
        String mediaType = mediaType(headers);
        if (!PROBLEM_JSON.equals(mediaType)) {
            return List.of(name + ": content type " + mediaType + ", expected " + PROBLEM_JSON);
        }
        List<String> violations = new ArrayList<>();
        validateBody(name, "/components/schemas/Problem", body, violations);
        return violations;
    }

    private void checkHeaders(String name, JsonNode response, String pointer, HttpHeaders headers, List<String> out) {
        JsonNode documented = response.path("headers");
        for (String header : headers.map().keySet()) {
            String lower = header.toLowerCase(Locale.ROOT);
            if (BURSAR_HEADERS.contains(lower) && !hasProperty(documented, header)) {
                out.add(name + ": header " + canonical(lower) + " sent but not documented");
            }
        }
        documented.properties().forEach(entry -> {
            JsonNode header = resolve(entry.getValue());
            Optional<String> value = headers.firstValue(entry.getKey());
            if (value.isEmpty()) {
                if (header.path("required").asBoolean(false)) {
                    out.add(name + ": required header " + entry.getKey() + " missing");
                }
                return;
            }
            if (header.has("schema")) {
                JsonNode schema = header.path("schema");
                JsonNode instance = headerValue(resolve(schema), value.get());
                String at = entry.getValue().has("$ref")
                        ? entry.getValue().path("$ref").asString().substring(1) + "/schema"
                        : pointer + "/headers/" + escape(entry.getKey()) + "/schema";
                for (Error error : schema(at).validate(instance, this::assertFormats)) {
                    out.add(name + ": header " + entry.getKey() + " " + error.getMessage());
                }
            }
        });
    }

    private void checkContent(
            String name, JsonNode response, String pointer, HttpHeaders headers, String body, List<String> out) {
        JsonNode content = response.path("content");
        if (content.isMissingNode() || content.isEmpty()) {
            if (body != null && !body.isEmpty()) {
                out.add(name + ": a body (" + mediaType(headers) + ") where the document describes none");
            }
            return;
        }
        String mediaType = mediaType(headers);
        String key = mediaType == null ? null : documentedMediaType(content, mediaType);
        if (key == null) {
            out.add(name + ": content type " + mediaType + " not documented (documented: " + content.propertyNames()
                    + ")");
            return;
        }
        if (content.path(key).has("schema") && isJson(mediaType)) {
            validateBody(name, pointer + "/content/" + escape(key) + "/schema", body, out);
        }
    }

    private void validateBody(String name, String schemaPointer, String body, List<String> out) {
        JsonNode instance;
        try {
            instance = JSON.readTree(body);
        } catch (JacksonException e) {
            out.add(name + ": body is not JSON: " + e.getOriginalMessage());
            return;
        }
        for (Error error : schema(schemaPointer).validate(instance, this::assertFormats)) {
            String at = error.getInstanceLocation().toString();
            out.add(name + ": " + (at.isEmpty() ? "(body)" : at) + " " + error.getMessage());
        }
    }

    private void assertFormats(com.networknt.schema.ExecutionContext context) {
        context.executionConfig(config -> config.formatAssertionsEnabled(true));
    }

    private Schema schema(String pointer) {
        return compiled.computeIfAbsent(pointer, at -> schemas.getSchema(SchemaLocation.of(DOCUMENT_ID + "#" + at)));
    }

    /** The most specific documented path template for this path: literal segments beat parameters. */
    private Optional<String> template(String path) {
        String[] segments = path.split("/", -1);
        String best = null;
        int bestLiterals = -1;
        for (String template : document.path("paths").propertyNames()) {
            String[] parts = template.split("/", -1);
            if (parts.length != segments.length) {
                continue;
            }
            int literals = 0;
            boolean matches = true;
            for (int i = 0; i < parts.length && matches; i++) {
                String segment = URLDecoder.decode(segments[i].replace("+", "%2B"), StandardCharsets.UTF_8);
                if (parts[i].startsWith("{") && parts[i].endsWith("}")) {
                    matches = !segment.isEmpty();
                } else {
                    matches = parts[i].equals(segment);
                    literals++;
                }
            }
            if (matches && literals > bestLiterals) {
                best = template;
                bestLiterals = literals;
            }
        }
        return Optional.ofNullable(best);
    }

    private JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        while (current.has("$ref") && current.path("$ref").asString().startsWith("#/")) {
            current = document.at(current.path("$ref").asString().substring(1));
        }
        return current;
    }

    private static JsonNode headerValue(JsonNode schema, String value) {
        String type = schema.path("type").isArray()
                ? schema.path("type").get(0).asString()
                : schema.path("type").asString();
        if (type.equals("integer") || type.equals("number")) {
            try {
                return JSON.readTree(value);
            } catch (JacksonException e) {
                return StringNode.valueOf(value);
            }
        }
        return StringNode.valueOf(value);
    }

    private static String documentedMediaType(JsonNode content, String mediaType) {
        if (content.has(mediaType)) {
            return mediaType;
        }
        String wildcard = mediaType.split("/")[0] + "/*";
        if (content.has(wildcard)) {
            return wildcard;
        }
        return content.has("*/*") ? "*/*" : null;
    }

    private static String mediaType(HttpHeaders headers) {
        return headers.firstValue("Content-Type")
                .map(type -> type.split(";")[0].trim().toLowerCase(Locale.ROOT))
                .orElse(null);
    }

    private static boolean isJson(String mediaType) {
        return mediaType.equals("application/json") || mediaType.endsWith("+json");
    }

    private static boolean hasProperty(JsonNode node, String name) {
        return node.propertyStream().anyMatch(entry -> entry.getKey().equalsIgnoreCase(name));
    }

    private static String canonical(String lower) {
        return Arrays.stream(lower.split("-"))
                .map(part -> part.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1))
                .reduce((a, b) -> a + "-" + b)
                .orElse(lower);
    }

    private static String escape(String token) {
        return token.replace("~", "~0").replace("/", "~1");
    }

    /** Fails the test that received a response the served document does not describe. */
    public static void assertDescribed(List<String> violations) {
        org.assertj.core.api.Assertions.assertThat(violations)
                .as("responses the served OpenAPI document does not describe")
                .isEmpty();
    }
}
