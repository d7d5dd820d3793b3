package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.bursar.internal.domain.ErrorCode;
import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Response;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * The OpenAPI document at /v3/api-docs: valid OpenAPI 3.1, the contract's routes exactly, and
 * every operation documented the way API consumers need it in Swagger UI.
 */
@IntegrationTest
class OpenApiIT {

    /** The contract, kept in the repository; {@link #theContractCopyIsCurrent()} keeps it in step. */
    private static final Path CONTRACT = Path.of("docs/API.md");

    private static final Path SHARED_CONTRACT = Path.of("../shared/API.md");
    private static final Pattern CONTRACT_ROUTE =
            Pattern.compile("^\\| `(GET|POST|PUT|PATCH|DELETE) (/api/v1/[^`?]*)", Pattern.MULTILINE);
    /** Routes the contract names in its prose (section "Events (real time)") rather than in its tables. */
    private static final Pattern CONTRACT_PROSE_ROUTE =
            Pattern.compile("^- `(GET|POST) (/api/v1/events[^`?]*)", Pattern.MULTILINE);

    private static final Pattern CONTRACT_TICKET_ROUTE = Pattern.compile("`(POST) (/api/v1/events/tickets)`");
    /** Where the copy of the contract ends and Bursar's notes on the choices it made begin. */
    private static final String APPENDIX = "\n---\n\n## Appendix: what Bursar chose";
    /**
     * Routes of the contract that are not served yet. Each is built by a later change, which
     * removes it from here; the check below fails if one is served but still listed.
     */
    private static final Set<String> NOT_BUILT_YET = Set.of(
            "GET /api/v1/accounts/{id}/balance",
            "GET /api/v1/transfers",
            "POST /api/v1/transfers/{id}/reversals",
            "POST /api/v1/holds",
            "GET /api/v1/holds/{id}",
            "GET /api/v1/accounts/{id}/holds",
            "POST /api/v1/holds/{id}/capture",
            "POST /api/v1/holds/{id}/void");

    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalServerPort
    int port;

    TestApi api;
    JsonNode document;

    @BeforeEach
    void setUp() {
        api = new TestApi(port);
        Response docs = api.get("/v3/api-docs", null);
        assertThat(docs.status()).isEqualTo(200);
        document = docs.json();
    }

    @Test
    void theDocumentIsValidOpenApi31() {
        SwaggerParseResult result = parse(document.toString());

        assertThat(document.path("openapi").asString()).startsWith("3.1.");
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getMessages()).as("validation messages").isEmpty();
    }

    /** The served document, for the linters CI runs on it after the build (.ci/run). */
    @Test
    void theServedDocumentIsWrittenForTheLinters() throws IOException {
        Path written = Path.of("target", "openapi.json");
        Files.createDirectories(written.getParent());
        Files.writeString(written, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(document));

        assertThat(JSON.readTree(written.toFile())).isEqualTo(document);
    }

    @Test
    void theValidatorRejectsABrokenDocument() {
        ObjectNode broken = (ObjectNode) document.deepCopy();
        broken.remove("info");
        ((ObjectNode) broken.path("paths").path("/api/v1/me").path("get")).put("responses", "none");

        assertThat(parse(broken.toString()).getMessages()).isNotEmpty();
    }

    @Test
    void theRoutesAreExactlyTheContractsLessThoseNotBuiltYet() throws IOException {
        Set<String> contract = new TreeSet<>();
        for (Pattern routes : List.of(CONTRACT_ROUTE, CONTRACT_PROSE_ROUTE, CONTRACT_TICKET_ROUTE)) {
            Matcher route = routes.matcher(contractCopy());
            while (route.find()) {
                contract.add(route.group(1) + " " + route.group(2));
            }
        }
        Set<String> documented = new TreeSet<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(method -> {
                    if (METHODS.contains(method.getKey())) {
                        documented.add(method.getKey().toUpperCase() + " " + path.getKey());
                    }
                }));

        assertThat(contract).hasSize(30).containsAll(NOT_BUILT_YET);
        Set<String> built = new TreeSet<>(contract);
        built.removeAll(NOT_BUILT_YET);
        // Built, but OpenAPI describes HTTP exchanges, not a WebSocket (its only answer is 101): the
        // stream's operation and the Events tag point to it instead.
        built.remove("GET /api/v1/events/ws");
        assertThat(document.path("paths")
                        .path("/api/v1/events")
                        .path("get")
                        .path("description")
                        .asString())
                .contains("/api/v1/events/ws");
        assertThat(documented).isEqualTo(built);
    }

    @Test
    void theContractCopyIsCurrent() throws IOException {
        assumeTrue(Files.exists(SHARED_CONTRACT), "no shared contract next to the repository to compare with");
        assertThat(contractCopy()).isEqualTo(Files.readString(SHARED_CONTRACT));
    }

    /** docs/API.md without its appendix: the contract as copied. */
    private static String contractCopy() throws IOException {
        String copy = Files.readString(CONTRACT);
        int appendix = copy.indexOf(APPENDIX);
        assertThat(appendix).as("docs/API.md ends with the appendix of choices").isPositive();
        return copy.substring(0, appendix);
    }

    @Test
    void everyOperationIsDocumented() {
        Set<String> tags = new TreeSet<>();
        document.path("tags").forEach(tag -> {
            assertThat(tag.path("description").asString())
                    .as("tag %s", tag.path("name"))
                    .isNotBlank();
            tags.add(tag.path("name").asString());
        });
        assertThat(tags).containsExactlyInAnyOrder("Users", "API keys", "Accounts", "Transfers", "Events");
        Set<String> codes =
                Arrays.stream(ErrorCode.values()).map(ErrorCode::code).collect(Collectors.toSet());

        List<String> operations = new ArrayList<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(entry -> {
                    String name = entry.getKey().toUpperCase() + " " + path.getKey();
                    JsonNode operation = entry.getValue();
                    operations.add(name);
                    assertThat(operation.path("summary").asString())
                            .as("%s summary", name)
                            .isNotBlank();
                    assertThat(operation.path("description").asString())
                            .as("%s description", name)
                            .isNotBlank();
                    assertThat(operation.path("tags")).as("%s tags", name).hasSize(1);
                    assertThat(tags)
                            .as("%s tag", name)
                            .contains(operation.path("tags").get(0).asString());
                    assertThat(operation.path("security").toString())
                            .as("%s security", name)
                            .isEqualTo("[{\"apiKey\":[]}]");
                    operation
                            .path("requestBody")
                            .path("content")
                            .properties()
                            .forEach(media -> assertThat(media.getValue().has("example"))
                                    .as("%s request example (%s)", name, media.getKey())
                                    .isTrue());
                    operation
                            .path("parameters")
                            .valueStream()
                            .filter(parameter ->
                                    !parameter.path("in").asString().equals("path"))
                            .forEach(parameter -> assertThat(
                                            parameter.path("description").asString())
                                    .as("%s parameter %s", name, parameter.path("name"))
                                    .isNotBlank());
                    assertThat(operation.path("parameters").findValuesAsString("name"))
                            .as("%s Idempotency-Key", name)
                            .filteredOn("Idempotency-Key"::equals)
                            .hasSize(MONEY_MOVING.contains(name) ? 1 : 0);
                    JsonNode responses = operation.path("responses");
                    assertThat(responses.has("401")
                                    && responses.has("429")
                                    && responses.has("500")
                                    && responses.has("503"))
                            .as("%s answers 401, 429, 500, 503", name)
                            .isTrue();
                    responses.properties().forEach(response -> {
                        String status = response.getKey();
                        JsonNode content = response.getValue().path("content");
                        if (status.startsWith("2")) {
                            content.properties()
                                    .forEach(
                                            media -> assertThat(media.getValue().has("example"))
                                                    .as("%s %s example", name, status)
                                                    .isTrue());
                        } else {
                            JsonNode problem = content.path("application/problem+json");
                            assertThat(problem.path("schema").path("$ref").asString())
                                    .as("%s %s", name, status)
                                    .isEqualTo("#/components/schemas/Problem");
                            assertThat(problem.path("examples").size())
                                    .as("%s %s examples", name, status)
                                    .isPositive();
                            problem.path("examples").properties().forEach(example -> {
                                JsonNode value = example.getValue().path("value");
                                assertThat(codes)
                                        .as("%s %s", name, status)
                                        .contains(value.path("code").asString());
                                assertThat(value.path("status").asString()).isEqualTo(status);
                                assertThat(ErrorCode.valueOf(value.path("code")
                                                        .asString()
                                                        .toUpperCase())
                                                .status())
                                        .isEqualTo(Integer.parseInt(status));
                            });
                        }
                    });
                }));
        assertThat(operations).hasSize(21);
    }

    /** A route of the contract's resource tables: {@code | `METHOD path` | who | body | result |}. */
    private static final Pattern CONTRACT_ROW = Pattern.compile(
            "^\\| `(GET|POST|PUT|PATCH|DELETE) (/api/v1/[^`?]*)[^`]*` \\| (.*?) \\| (.*?) \\| (.*) \\|$",
            Pattern.MULTILINE);

    private static final Pattern CODE_WORD = Pattern.compile("\\b[a-z]+(?:_[a-z]+)+\\b");

    /**
     * What the contract says in prose rather than in a route's row: "422 codes above" (the 422
     * codes of the error table that a transfer can meet), "Account status" (money moved touching an
     * inactive account) and "Changing a `closed` account is `409 account_closed`".
     */
    private static final Map<String, Set<ErrorCode>> CONTRACT_PROSE = Map.of(
            "POST /api/v1/transfers",
            Set.of(
                    ErrorCode.INSUFFICIENT_FUNDS,
                    ErrorCode.CURRENCY_MISMATCH,
                    ErrorCode.SAME_ACCOUNT,
                    ErrorCode.ACCOUNT_INACTIVE,
                    ErrorCode.BALANCE_OVERFLOW),
            "POST /api/v1/accounts/{id}/deposits",
            Set.of(ErrorCode.ACCOUNT_INACTIVE),
            "POST /api/v1/accounts/{id}/withdrawals",
            Set.of(ErrorCode.ACCOUNT_INACTIVE),
            "PATCH /api/v1/accounts/{id}",
            Set.of(ErrorCode.ACCOUNT_CLOSED));

    /** The routes that move money, which take an Idempotency-Key (contract, "Idempotency"). */
    private static final Set<String> MONEY_MOVING = Set.of(
            "POST /api/v1/transfers", "POST /api/v1/accounts/{id}/deposits", "POST /api/v1/accounts/{id}/withdrawals");

    @Test
    void everyCodeTheContractGivesARouteIsDocumentedUnderItsStatus() throws IOException {
        Map<String, Set<ErrorCode>> expected = new TreeMap<>();
        Matcher row = CONTRACT_ROW.matcher(contractCopy());
        while (row.find()) {
            String route = row.group(1) + " " + row.group(2);
            if (NOT_BUILT_YET.contains(route)) {
                continue;
            }
            Set<ErrorCode> codes = EnumSet.of(
                    ErrorCode.UNAUTHORIZED,
                    ErrorCode.RATE_LIMITED,
                    ErrorCode.INTERNAL_ERROR,
                    ErrorCode.SERVICE_UNAVAILABLE);
            String who = row.group(3);
            String body = row.group(4);
            String result = row.group(5);
            Matcher word = CODE_WORD.matcher(result);
            while (word.find()) {
                Arrays.stream(ErrorCode.values())
                        .filter(code -> code.code().equals(word.group()))
                        .forEach(codes::add);
            }
            if (who.equals("admin") || body.contains("admin only")) {
                codes.add(ErrorCode.FORBIDDEN);
            }
            if (!body.equals("-")) {
                codes.addAll(List.of(
                        ErrorCode.MALFORMED_REQUEST,
                        ErrorCode.VALIDATION_FAILED,
                        ErrorCode.PAYLOAD_TOO_LARGE,
                        ErrorCode.UNSUPPORTED_MEDIA_TYPE));
            }
            if (row.group(2).contains("{")) {
                codes.addAll(List.of(ErrorCode.MALFORMED_REQUEST, ErrorCode.NOT_FOUND));
            }
            if (result.contains("page of")) {
                codes.add(ErrorCode.VALIDATION_FAILED);
            }
            if (MONEY_MOVING.contains(route)) {
                codes.addAll(List.of(
                        ErrorCode.VALIDATION_FAILED,
                        ErrorCode.IDEMPOTENCY_REQUEST_IN_PROGRESS,
                        ErrorCode.IDEMPOTENCY_KEY_REUSED));
            }
            codes.addAll(CONTRACT_PROSE.getOrDefault(route, Set.of()));
            expected.put(route, codes);
        }
        assertThat(expected.keySet()).containsAll(CONTRACT_PROSE.keySet()).containsAll(MONEY_MOVING);

        Map<String, Set<String>> missing = new TreeMap<>();
        expected.forEach((route, codes) -> {
            String[] methodAndPath = route.split(" ", 2);
            JsonNode responses = document.path("paths")
                    .path(methodAndPath[1])
                    .path(methodAndPath[0].toLowerCase(Locale.ROOT))
                    .path("responses");
            codes.forEach(code -> {
                if (!responses
                        .path(String.valueOf(code.status()))
                        .path("content")
                        .path("application/problem+json")
                        .path("examples")
                        .has(code.code())) {
                    missing.computeIfAbsent(route, r -> new TreeSet<>()).add(code.status() + " " + code.code());
                }
            });
        });
        assertThat(missing)
                .as("codes the contract gives a route, not documented for it")
                .isEmpty();
    }

    @Test
    void theProblemCodesOfTransfersAreListed() {
        JsonNode transfer =
                document.path("paths").path("/api/v1/transfers").path("post").path("responses");

        assertThat(transfer.path("422")
                        .path("content")
                        .path("application/problem+json")
                        .path("examples")
                        .propertyNames())
                .containsExactlyInAnyOrder(
                        "insufficient_funds",
                        "currency_mismatch",
                        "same_account",
                        "account_inactive",
                        "balance_overflow",
                        "idempotency_key_reused");
        assertThat(transfer.path("409")
                        .path("content")
                        .path("application/problem+json")
                        .path("examples")
                        .propertyNames())
                .containsExactly("idempotency_request_in_progress");
        assertThat(transfer.path("429")
                        .path("content")
                        .path("application/problem+json")
                        .path("examples")
                        .propertyNames())
                .containsExactly("rate_limited");
    }

    @Test
    void examplesHaveTheFieldsOfRealResponses() {
        Account ada = api.newUser();
        UUID from = api.openAccount(ada.key(), "EUR");
        UUID to = api.openAccount(ada.key(), "EUR");
        api.deposit(from, 1_000);
        Response transfer = api.transfer(ada.key(), from, to, 400, "EUR");
        Response refused = api.transfer(ada.key(), from, to, 10_000, "EUR");
        Response entries = api.get("/api/v1/accounts/" + from + "/entries?limit=1", ada.key());
        Response account = api.get("/api/v1/accounts/" + from, ada.key());

        assertThat(fields(example("/api/v1/transfers", "post", "201", "application/json")))
                .isEqualTo(fields(transfer.json()));
        assertThat(fields(example("/api/v1/accounts/{id}/entries", "get", "200", "application/json")))
                .isEqualTo(fields(entries.json()));
        assertThat(fields(example("/api/v1/accounts/{id}/entries", "get", "200", "application/json")
                        .path("data")
                        .get(0)))
                .isEqualTo(fields(entries.json().path("data").get(0)));
        assertThat(fields(example("/api/v1/accounts/{id}", "get", "200", "application/json")))
                .isEqualTo(fields(account.json()));
        JsonNode problemExample = document.path("paths")
                .path("/api/v1/transfers")
                .path("post")
                .path("responses")
                .path("422")
                .path("content")
                .path("application/problem+json")
                .path("examples")
                .path("insufficient_funds")
                .path("value");
        assertThat(fields(problemExample)).isEqualTo(fields(refused.problem(422, "insufficient_funds")));
        assertThat(problemExample.path("title").asString())
                .isEqualTo(refused.json().path("title").asString());
        assertThat(problemExample.path("type").asString())
                .isEqualTo(refused.json().path("type").asString());
    }

    /** The amount's range is read from its Bean Validation constraints: documented as enforced. */
    @Test
    void amountsAreDocumentedWithTheRangeTheyAreValidatedWith() {
        for (String schema : List.of("CreateTransferRequest", "AmountRequest")) {
            JsonNode amount = document.path("components")
                    .path("schemas")
                    .path(schema)
                    .path("properties")
                    .path("amount");

            assertThat(amount.path("minimum").asLong()).as(schema).isEqualTo(1);
            assertThat(amount.path("maximum").asLong()).as(schema).isEqualTo(9_007_199_254_740_991L);
        }
    }

    @Test
    void requestExamplesAreAccepted() {
        Account ada = api.newUser();
        JsonNode example = document.path("paths")
                .path("/api/v1/accounts")
                .path("post")
                .path("requestBody")
                .path("content")
                .path("application/json")
                .path("example");

        Response opened = api.post("/api/v1/accounts", ada.key(), JSON.writeValueAsString(example));

        assertThat(opened.status()).as(opened.body()).isEqualTo(201);
    }

    /** Every null a real response carries is allowed by its field's schema, the OpenAPI 3.1 way. */
    @Test
    void fieldsThatRealResponsesLeaveNullAreTypedNullable() {
        Account ada = api.newUser();
        UUID account = api.openAccount(ada.key(), "EUR");
        UUID other = api.openAccount(ada.key(), "EUR");
        api.deposit(account, 1_000);
        Response unusedKey = api.post("/api/v1/users/" + ada.id() + "/api-keys", ada.key(), Map.of());
        Map<String, JsonNode> responses = new TreeMap<>();
        responses.put("CreatedApiKeyResponse", unusedKey.json());
        responses.put(
                "ApiKeyResponse",
                api.get(
                                "/api/v1/users/" + ada.id() + "/api-keys/"
                                        + unusedKey.json().path("id").asString(),
                                ada.key())
                        .json());
        responses.put(
                "AccountResponse",
                api.get("/api/v1/accounts/" + account, ada.key()).json());
        responses.put(
                "PageResponseAccountResponse",
                api.get("/api/v1/accounts?kind=system&limit=100", TestApi.ADMIN_KEY)
                        .json());
        responses.put(
                "TransferResponse",
                api.transfer(ada.key(), account, other, 100, "EUR").json());
        JsonNode systemAccount =
                responses.get("PageResponseAccountResponse").path("data").get(0);
        assertThat(systemAccount.path("owner_id").isNull()).isTrue();

        List<String> nulls = new ArrayList<>();
        responses.forEach((schema, body) -> nullFields(schema, body, nulls));
        nullFields("AccountResponse", systemAccount, nulls);

        assertThat(nulls)
                .contains(
                        "AccountResponse.owner_id",
                        "AccountResponse.name",
                        "ApiKeyResponse.last_used_at",
                        "CreatedApiKeyResponse.name",
                        "PageResponseAccountResponse.next_cursor",
                        "TransferResponse.description");
        nulls.forEach(field -> {
            String[] schemaAndField = field.split("\\.");
            JsonNode type = schema(schemaAndField[0])
                    .path("properties")
                    .path(schemaAndField[1])
                    .path("type");
            assertThat(
                            type.isArray()
                                    ? type.valueStream().map(JsonNode::asString).toList()
                                    : List.of(type.asString()))
                    .as("type of %s, null in a real response", field)
                    .contains("null")
                    .hasSize(2);
        });
    }

    /** JSON Schema's enum constrains every value: a nullable enum field must list null to allow it. */
    @Test
    void nullableEnumFieldsListNullAmongTheirValues() {
        List<String> nullableEnums = new ArrayList<>();
        document.path("components")
                .path("schemas")
                .properties()
                .forEach(schema -> schema.getValue()
                        .path("properties")
                        .properties()
                        .forEach(property -> {
                            JsonNode field = property.getValue();
                            boolean nullable = field.path("type")
                                    .valueStream()
                                    .anyMatch(type -> type.asString().equals("null"));
                            if (nullable && field.has("enum")) {
                                nullableEnums.add(schema.getKey() + "." + property.getKey());
                                assertThat(field.path("enum").valueStream().anyMatch(JsonNode::isNull))
                                        .as("%s.%s lists null", schema.getKey(), property.getKey())
                                        .isTrue();
                            }
                        }));
        assertThat(nullableEnums).contains("UserRequest.role");

        Response created = api.post(
                "/api/v1/users",
                TestApi.ADMIN_KEY,
                JSON.writeValueAsString(Map.of(
                                "email",
                                "nullable-role-" + UUID.randomUUID() + "@example.com",
                                "name",
                                "Nullable Role"))
                        .replace("}", ", \"role\": null}"));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(created.json().path("role").asString()).isEqualTo("user");
    }

    private static void nullFields(String schema, JsonNode body, List<String> nulls) {
        body.properties().forEach(field -> {
            if (field.getValue().isNull()) {
                nulls.add(schema + "." + field.getKey());
            }
        });
    }

    @Test
    void queryParametersAreTypedAsTheyAreRead() {
        List<String> lists = new ArrayList<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(method -> {
                    JsonNode limit = parameter(method.getValue(), "limit");
                    if (limit == null) {
                        return;
                    }
                    lists.add(method.getKey() + " " + path.getKey());
                    assertThat(limit.path("schema").path("type").asString()).isEqualTo("integer");
                    assertThat(limit.path("schema").path("minimum").asInt()).isEqualTo(1);
                    assertThat(limit.path("schema").path("maximum").asInt()).isEqualTo(100);
                    assertThat(limit.path("schema").path("default").asInt()).isEqualTo(20);
                    assertThat(parameter(method.getValue(), "cursor")
                                    .path("schema")
                                    .path("type")
                                    .asString())
                            .isEqualTo("string");
                }));
        JsonNode accounts = document.path("paths").path("/api/v1/accounts").path("get");

        assertThat(lists).hasSize(5);
        assertThat(parameter(accounts, "owner_id").path("schema").path("format").asString())
                .isEqualTo("uuid");
        assertThat(parameter(accounts, "kind")
                        .path("schema")
                        .path("enum")
                        .valueStream()
                        .map(JsonNode::asString))
                .containsExactly("user", "system");
        Account ada = api.newUser();
        assertThat(api.get("/api/v1/accounts?limit=100", ada.key()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/accounts?limit=101", ada.key()).problem(400, "validation_failed"))
                .isNotNull();
        assertThat(api.get("/api/v1/accounts?limit=0", ada.key()).problem(400, "validation_failed"))
                .isNotNull();
    }

    private static JsonNode parameter(JsonNode operation, String name) {
        return operation
                .path("parameters")
                .valueStream()
                .filter(parameter -> parameter.path("name").asString().equals(name))
                .findFirst()
                .orElse(null);
    }

    /** The operationIds are the method names of every generated client: stable, never springdoc's defaults. */
    @Test
    void operationIdsAreNamedAndPinned() {
        Map<String, String> ids = new TreeMap<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(method -> ids.put(
                                method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(),
                                method.getValue().path("operationId").asString())));

        assertThat(ids)
                .isEqualTo(new TreeMap<>(Map.ofEntries(
                        Map.entry("POST /api/v1/users", "createUser"),
                        Map.entry("GET /api/v1/users", "listUsers"),
                        Map.entry("GET /api/v1/users/{id}", "getUser"),
                        Map.entry("PUT /api/v1/users/{id}", "replaceUser"),
                        Map.entry("DELETE /api/v1/users/{id}", "deleteUser"),
                        Map.entry("GET /api/v1/me", "getCurrentUser"),
                        Map.entry("POST /api/v1/users/{id}/api-keys", "createApiKey"),
                        Map.entry("GET /api/v1/users/{id}/api-keys", "listApiKeys"),
                        Map.entry("GET /api/v1/users/{id}/api-keys/{key_id}", "getApiKey"),
                        Map.entry("DELETE /api/v1/users/{id}/api-keys/{key_id}", "revokeApiKey"),
                        Map.entry("POST /api/v1/accounts", "createAccount"),
                        Map.entry("GET /api/v1/accounts", "listAccounts"),
                        Map.entry("GET /api/v1/accounts/{id}", "getAccount"),
                        Map.entry("PATCH /api/v1/accounts/{id}", "updateAccount"),
                        Map.entry("GET /api/v1/accounts/{id}/entries", "listAccountEntries"),
                        Map.entry("POST /api/v1/accounts/{id}/deposits", "createDeposit"),
                        Map.entry("POST /api/v1/accounts/{id}/withdrawals", "createWithdrawal"),
                        Map.entry("POST /api/v1/transfers", "createTransfer"),
                        Map.entry("GET /api/v1/transfers/{id}", "getTransfer"),
                        Map.entry("GET /api/v1/events", "listEvents"),
                        Map.entry("POST /api/v1/events/tickets", "createEventTicket"))));
    }

    @Test
    void responseHeadersAreDocumentedAndSent() {
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue().properties().forEach(method -> {
                    String name = method.getKey() + " " + path.getKey();
                    boolean money =
                            MONEY_MOVING.contains(method.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
                    method.getValue().path("responses").properties().forEach(response -> {
                        String status = response.getKey();
                        Set<String> headers = new TreeSet<>(
                                response.getValue().path("headers").propertyNames());
                        assertThat(headers)
                                .as("%s %s headers", name, status)
                                .contains("X-Request-Id", "RateLimit", "RateLimit-Policy", "traceparent");
                        // A ticket is not a resource (contract): its 201 names nothing.
                        assertThat(headers.contains("Location"))
                                .as("%s %s Location", name, status)
                                .isEqualTo(
                                        status.equals("201") && !path.getKey().equals("/api/v1/events/tickets"));
                        assertThat(headers.contains("WWW-Authenticate"))
                                .as("%s %s WWW-Authenticate", name, status)
                                .isEqualTo(status.equals("401"));
                        assertThat(headers.contains("Retry-After"))
                                .as("%s %s Retry-After", name, status)
                                .isEqualTo(status.equals("429") || status.equals("503"));
                        assertThat(headers.contains("Idempotent-Replayed"))
                                .as("%s %s Idempotent-Replayed", name, status)
                                .isEqualTo(money
                                        && Set.of("201", "400", "404", "422").contains(status));
                    });
                }));
        JsonNode headers = document.path("components").path("headers");
        assertThat(headers.path("X-Request-Id").path("required").asBoolean()).isTrue();
        assertThat(headers.path("Retry-After").path("schema").path("type").asString())
                .isEqualTo("integer");

        Account ada = api.newUser();
        Response created = api.post("/api/v1/accounts", ada.key(), Map.of("currency", "EUR"));
        assertThat(created.header("Location"))
                .isEqualTo("/api/v1/accounts/" + created.json().path("id").asString());
        assertThat(created.header("X-Request-Id")).isNotBlank();
        assertThat(created.header("traceparent")).isNotBlank();
        assertThat(api.get("/api/v1/me", "bsr_not_a_key").header("WWW-Authenticate"))
                .startsWith("Bearer");
    }

    /** The API writes every field of a response, null where there is no value (contract, "Conventions"). */
    @Test
    void everyFieldOfASuccessResponseIsRequired() {
        Set<String> checked = new TreeSet<>();
        document.path("paths")
                .forEach(path -> path.forEach(operation -> operation
                        .path("responses")
                        .properties()
                        .forEach(response -> {
                            if (response.getKey().startsWith("2")) {
                                response.getValue()
                                        .path("content")
                                        .forEach(media -> requiresAll(media.path("schema"), checked));
                            }
                        })));

        assertThat(checked)
                .contains(
                        "UserResponse",
                        "AccountResponse",
                        "ApiKeyResponse",
                        "CreatedApiKeyResponse",
                        "TransferResponse",
                        "EntryResponse",
                        "PageResponseEntryResponse");
        Account ada = api.newUser();
        JsonNode account = api.get("/api/v1/accounts/" + api.openAccount(ada.key(), "EUR"), ada.key())
                .json();
        assertThat(fields(account)).isEqualTo(fields(schema("AccountResponse").path("properties")));
    }

    private void requiresAll(JsonNode schema, Set<String> checked) {
        if (!schema.isObject()) {
            return;
        }
        String ref = schema.path("$ref").asString("");
        if (!ref.isEmpty()) {
            String name = ref.substring(ref.lastIndexOf('/') + 1);
            if (checked.add(name)) {
                requiresAll(schema(name), checked);
            }
            return;
        }
        requiresAll(schema.path("items"), checked);
        if (schema.has("properties")) {
            assertThat(new TreeSet<>(schema.path("required")
                            .valueStream()
                            .map(JsonNode::asString)
                            .toList()))
                    .as("required of %s", checked)
                    .isEqualTo(new TreeSet<>(schema.path("properties").propertyNames()));
            schema.path("properties").forEach(property -> requiresAll(property, checked));
        }
    }

    /** A client generated today must still read a problem whose code is added tomorrow. */
    @Test
    void problemCodeIsAnOpenStringThatNamesTheKnownCodes() {
        JsonNode problem = schema("Problem");
        JsonNode code = problem.path("properties").path("code");

        assertThat(code.path("type").asString()).isEqualTo("string");
        assertThat(code.has("enum")).isFalse();
        assertThat(code.toString()).doesNotContain("\"enum\"");
        Arrays.stream(ErrorCode.values())
                .forEach(
                        known -> assertThat(code.path("description").asString()).contains("`" + known.code() + "`"));
        assertThat(problem.path("required").valueStream().map(JsonNode::asString))
                .contains("type", "title", "status", "code", "request_id");
    }

    @Test
    void infoServersAndPathParametersAreDescribed() {
        assertThat(document.path("info").path("contact").path("name").asString())
                .isNotBlank();
        assertThat(document.path("servers")).hasSize(1);
        assertThat(document.path("servers").get(0).path("url").asString()).isEqualTo("/");
        assertThat(document.path("servers").get(0).path("description").asString())
                .isNotBlank()
                .isNotEqualTo("Generated server url");
        Map<String, String> described = new TreeMap<>();
        document.path("paths")
                .properties()
                .forEach(path -> path.getValue()
                        .properties()
                        .forEach(method -> method.getValue()
                                .path("parameters")
                                .valueStream()
                                .filter(parameter ->
                                        parameter.path("in").asString().equals("path"))
                                .forEach(parameter -> described.put(
                                        path.getKey() + " "
                                                + parameter.path("name").asString(),
                                        parameter.path("description").asString("")))));

        assertThat(described)
                .containsEntry("/api/v1/users/{id} id", "the user's id")
                .containsEntry("/api/v1/users/{id}/api-keys/{key_id} id", "the user's id")
                .containsEntry("/api/v1/users/{id}/api-keys/{key_id} key_id", "the API key's id")
                .containsEntry("/api/v1/accounts/{id}/entries id", "the account's id")
                .containsEntry("/api/v1/transfers/{id} id", "the transfer's id");
        assertThat(described.values())
                .allSatisfy(description -> assertThat(description).isNotBlank());
    }

    private JsonNode schema(String name) {
        return document.path("components").path("schemas").path(name);
    }

    private JsonNode example(String path, String method, String status, String mediaType) {
        return document.path("paths")
                .path(path)
                .path(method)
                .path("responses")
                .path(status)
                .path("content")
                .path(mediaType)
                .path("example");
    }

    private static Set<String> fields(JsonNode node) {
        assertThat(node.isObject()).as("an object: %s", node).isTrue();
        return new TreeSet<>(node.propertyNames());
    }

    private static SwaggerParseResult parse(String json) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        return new OpenAPIParser().readContents(json, null, options);
    }
}
