package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * One rule for every {@code name} (users, accounts, API keys), on create and on update, and the
 * served OpenAPI document stating exactly that rule: 1 to 200 characters, at least one of them
 * neither a space nor a control character.
 */
@IntegrationTest
class NameRulesIT {

    private static final String REFUSED = "400";
    private static final String ACCEPTED = "ok";

    @Autowired
    TestApi api;

    /** Where a name is sent. */
    enum Target {
        USER_CREATE,
        USER_UPDATE,
        ACCOUNT_CREATE,
        API_KEY_CREATE
    }

    static Stream<Arguments> names() {
        List<Object[]> table = List.of(
                new Object[] {"empty", "", REFUSED},
                new Object[] {"one space", " ", REFUSED},
                new Object[] {"spaces", "    ", REFUSED},
                new Object[] {"no-break space", "\u00A0", REFUSED},
                new Object[] {"ideographic space", "\u3000\u3000", REFUSED},
                new Object[] {"line separator", "\u2028", REFUSED},
                new Object[] {"tab inside", "Ada\tLovelace", REFUSED},
                new Object[] {"201 characters", "n".repeat(201), REFUSED},
                new Object[] {"one letter", "A", ACCEPTED},
                new Object[] {"padded", "  Ada  ", ACCEPTED},
                new Object[] {"200 characters", "n".repeat(200), ACCEPTED},
                new Object[] {"200 emoji (code points)", "\uD83D\uDCB6".repeat(200), ACCEPTED},
                new Object[] {"non-Latin", "Ада Лавлейс", ACCEPTED});
        List<Arguments> arguments = new ArrayList<>();
        for (Target target : Target.values()) {
            for (Object[] row : table) {
                arguments.add(Arguments.of(target, row[0], row[1], row[2]));
            }
        }
        return arguments.stream();
    }

    @ParameterizedTest(name = "{0}: {1} -> {3}")
    @MethodSource("names")
    void oneRuleForEveryName(Target target, String label, String name, String expected) {
        Response response = send(target, name);

        if (expected.equals(ACCEPTED)) {
            assertThat(response.status()).as(response.body()).isIn(200, 201);
            assertThat(response.json().path("name").asString()).isEqualTo(name);
        } else {
            JsonNode problem = response.problem(400, "validation_failed");
            assertThat(problem.path("errors").path(0).path("field").asString()).isEqualTo("name");
        }
    }

    @Test
    void anOptionalNameMayBeNull() {
        Account user = api.newUser();
        Map<String, Object> account = new HashMap<>(Map.of("currency", "EUR"));
        account.put("name", null);
        Response opened = api.post("/api/v1/accounts", user.key(), account);
        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
        assertThat(opened.json().path("name").isNull()).isTrue();

        Map<String, Object> key = new HashMap<>();
        key.put("name", null);
        Response issued = api.post("/api/v1/users/" + user.id() + "/api-keys", user.key(), key);
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        assertThat(issued.json().path("name").isNull()).isTrue();
    }

    @Test
    void aUserNameIsRequired() {
        Map<String, Object> body = new HashMap<>(Map.of("email", "nameless-" + UUID.randomUUID() + "@example.com"));
        body.put("name", null);
        api.post("/api/v1/users", TestApi.ADMIN_KEY, body).problem(400, "validation_failed");
    }

    /** Every name in every request body of the served document: the rule above, in schema terms. */
    @Test
    void theServedDocumentStatesTheEnforcedRule() {
        JsonNode docs = api.get("/v3/api-docs", null).json();
        List<String> checked = new ArrayList<>();
        docs.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(operation -> {
                    JsonNode schema = operation
                            .getValue()
                            .path("requestBody")
                            .path("content")
                            .path("application/json")
                            .path("schema");
                    if (schema.isMissingNode()) {
                        return;
                    }
                    String component = schema.path("$ref").asString().replace("#/components/schemas/", "");
                    JsonNode name = docs.path("components")
                            .path("schemas")
                            .path(component)
                            .path("properties")
                            .path("name");
                    if (name.isMissingNode()) {
                        return;
                    }
                    checked.add(component);
                    assertThat(name.path("minLength").asInt(-1)).as(component).isEqualTo(1);
                    assertThat(name.path("maxLength").asInt(-1)).as(component).isEqualTo(200);
                    String pattern = name.path("pattern").asString();
                    assertThat(pattern).as(component).startsWith("^").endsWith("$");
                    assertThat(pattern).as(component).isEqualTo(Name.PATTERN);
                }));
        assertThat(checked).contains("UserRequest", "CreateAccountRequest", "CreateApiKeyRequest");
    }

    /** The documented pattern and length decide a name exactly as the service does. */
    @ParameterizedTest(name = "{0} -> {2}")
    @MethodSource("tableRows")
    void theDocumentedPatternAgreesWithTheTable(String label, String name, String expected) {
        JsonNode schema = api.get("/v3/api-docs", null)
                .json()
                .path("components")
                .path("schemas")
                .path("UserRequest")
                .path("properties")
                .path("name");
        int length = name.codePointCount(0, name.length());
        boolean documented =
                Pattern.compile(schema.path("pattern").asString()).matcher(name).find()
                        && length >= schema.path("minLength").asInt()
                        && length <= schema.path("maxLength").asInt();

        assertThat(documented).isEqualTo(expected.equals(ACCEPTED));
    }

    static Stream<Arguments> tableRows() {
        return names().filter(arguments -> arguments.get()[0] == Target.USER_CREATE)
                .map(arguments -> Arguments.of(
                        arguments.get()[1], arguments.get()[2], arguments.get()[3]));
    }

    private Response send(Target target, String name) {
        return switch (target) {
            case USER_CREATE -> api.post("/api/v1/users", TestApi.ADMIN_KEY, user(name));
            case USER_UPDATE -> api.put("/api/v1/users/" + api.newUser().id(), TestApi.ADMIN_KEY, user(name));
            case ACCOUNT_CREATE ->
                api.post("/api/v1/accounts", api.newUser().key(), Map.of("currency", "EUR", "name", name));
            case API_KEY_CREATE -> {
                Account user = api.newUser();
                yield api.post("/api/v1/users/" + user.id() + "/api-keys", user.key(), Map.of("name", name));
            }
        };
    }

    private static Map<String, Object> user(String name) {
        return Map.of("email", "named-" + UUID.randomUUID() + "@example.com", "name", name);
    }
}
