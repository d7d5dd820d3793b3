package dev.bursar.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpHeaders;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The response validator on a small OpenAPI 3.1 document: what it accepts and what it rejects. */
class OpenApiContractTest {

    private static final String DOCUMENT = """
            {"openapi": "3.1.0", "info": {"title": "t", "version": "1"},
             "paths": {
              "/api/v1/accounts/{id}": {"get": {"responses": {
                "200": {"description": "ok",
                  "headers": {"X-Request-Id": {"required": true, "schema": {"type": "string", "maxLength": 8}}},
                  "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Account"}}}},
                "404": {"description": "none",
                  "content": {"application/problem+json": {"schema": {"$ref": "#/components/schemas/Problem"}}}}}},
               "delete": {"responses": {"204": {"description": "gone"}}}},
              "/api/v1/accounts/mine": {"get": {"responses": {"200": {"description": "ok",
                "content": {"application/json": {"schema": {"type": "array"}}}}}}}},
             "components": {"schemas": {
              "Account": {"type": "object", "required": ["id", "balance"], "properties": {
                "id": {"type": "string", "format": "uuid"},
                "balance": {"type": "integer"},
                "name": {"type": ["string", "null"]}}},
              "Problem": {"type": "object", "required": ["status", "code"], "properties": {
                "status": {"type": "integer"}, "code": {"type": "string"}}}}}}
            """;

    private static final String ID = "0192e4a4-7a10-7cc2-9a4e-3a0c1f1d2e3f";
    private static final String ACCOUNT = "{\"id\": \"" + ID + "\", \"balance\": 5, \"name\": null}";

    private final OpenApiContract contract =
            OpenApiContract.of(JsonMapper.builder().build().readTree(DOCUMENT));

    @Test
    void aResponseTheDocumentDescribesPasses() {
        assertThat(get(200, json("X-Request-Id", "abc"), ACCOUNT)).isEmpty();
        assertThat(contract.violations("DELETE", "/api/v1/accounts/" + ID, 204, headers(), ""))
                .isEmpty();
    }

    @Test
    void aBodyThatBreaksTheSchemaIsRejected() {
        String wrong = "{\"id\": \"" + ID + "\", \"balance\": \"5\", \"name\": null}";

        assertThat(get(200, json("X-Request-Id", "abc"), wrong))
                .singleElement()
                .asString()
                .startsWith("GET /api/v1/accounts/{id} 200:")
                .contains("/balance string found, integer expected");
    }

    @Test
    void aMissingRequiredFieldAndABadFormatAreRejected() {
        assertThat(get(200, json("X-Request-Id", "abc"), "{\"id\": \"not-a-uuid\"}"))
                .hasSize(2)
                .anySatisfy(violation -> assertThat(violation).contains("(body) required property 'balance'"))
                .anySatisfy(violation -> assertThat(violation).contains("/id ", "uuid"));
    }

    @Test
    void anUndocumentedStatusIsRejected() {
        assertThat(get(500, json("X-Request-Id", "abc"), ACCOUNT))
                .singleElement()
                .asString()
                .contains("status 500 not documented");
    }

    @Test
    void anUndocumentedContentTypeIsRejected() {
        HttpHeaders text = headers("Content-Type", "text/plain", "X-Request-Id", "abc");

        assertThat(get(200, text, ACCOUNT)).singleElement().asString().contains("content type text/plain");
    }

    @Test
    void documentedHeadersAreChecked() {
        assertThat(get(200, json(), ACCOUNT)).singleElement().asString().contains("required header X-Request-Id");
        assertThat(get(200, json("X-Request-Id", "far-too-long"), ACCOUNT))
                .singleElement()
                .asString()
                .contains("header X-Request-Id");
    }

    @Test
    void bursarsOwnHeadersMustBeDocumentedWhereTheyAreSent() {
        assertThat(get(200, json("X-Request-Id", "abc", "Retry-After", "1"), ACCOUNT))
                .singleElement()
                .asString()
                .contains("header Retry-After sent but not documented");
    }

    @Test
    void aBodyWhereNoneIsDocumentedIsRejected() {
        assertThat(contract.violations("DELETE", "/api/v1/accounts/" + ID, 204, json(), "{}"))
                .singleElement()
                .asString()
                .contains("describes none");
    }

    @Test
    void literalSegmentsWinOverParameters() {
        assertThat(contract.violations("GET", "/api/v1/accounts/mine", 200, json(), "[]"))
                .isEmpty();
    }

    @Test
    void outsideTheDocumentOnlyAProblemMayAnswer() {
        String problem = "{\"status\": 404, \"code\": \"not_found\"}";
        HttpHeaders problemJson = headers("Content-Type", "application/problem+json");

        assertThat(contract.violations("GET", "/nowhere?x=1", 404, problemJson, problem))
                .isEmpty();
        assertThat(contract.violations("PUT", "/api/v1/accounts/" + ID, 405, problemJson, problem))
                .isEmpty();
        assertThat(contract.violations("GET", "/nowhere", 200, json(), "{}"))
                .singleElement()
                .asString()
                .contains("no documented path");
        assertThat(contract.violations("GET", "/nowhere", 404, problemJson, "{\"status\": 404}"))
                .singleElement()
                .asString()
                .contains("code");
        assertThat(contract.violations("GET", "/nowhere", 404, headers("Content-Type", "text/html"), "<p>"))
                .singleElement()
                .asString()
                .contains("text/html");
    }

    @Test
    void theDocumentationAndTheTestProbesAnswerAsTheyLike() {
        HttpHeaders html = headers("Content-Type", "text/html");

        assertThat(contract.violations("GET", "/swagger-ui/index.html", 200, html, "<html>"))
                .isEmpty();
        assertThat(contract.violations("GET", "/v3/api-docs", 200, json(), DOCUMENT))
                .isEmpty();
        assertThat(contract.violations("GET", "/test-probe/thread", 200, json(), "{}"))
                .isEmpty();
        assertThat(contract.violations("GET", "/test-probe/failure", 500, html, "<p>"))
                .isNotEmpty();
    }

    @Test
    void onlyOpenApi31IsAccepted() {
        assertThatThrownBy(() -> OpenApiContract.of(JsonMapper.builder().build().readTree("{\"openapi\": \"3.0.3\"}")))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aResponseTheDocumentDoesNotDescribeFailsTheTest() {
        List<String> planted = get(200, json("X-Request-Id", "abc"), "{\"id\": \"" + ID + "\", \"balance\": true}");

        assertThat(planted).isNotEmpty();
        assertThatThrownBy(() -> OpenApiContract.assertDescribed(planted)).isInstanceOf(AssertionError.class);
    }

    private List<String> get(int status, HttpHeaders headers, String body) {
        return contract.violations("GET", "/api/v1/accounts/" + ID, status, headers, body);
    }

    private static HttpHeaders json(String... more) {
        String[] all = new String[more.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(more, 0, all, 2, more.length);
        return headers(all);
    }

    private static HttpHeaders headers(String... namesAndValues) {
        Map<String, List<String>> map = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        for (int i = 0; i < namesAndValues.length; i += 2) {
            map.put(namesAndValues[i], List.of(namesAndValues[i + 1]));
        }
        return HttpHeaders.of(map, (name, value) -> true);
    }
}
