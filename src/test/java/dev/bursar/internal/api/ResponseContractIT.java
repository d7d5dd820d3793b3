package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.OpenApiContract;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import java.util.UUID;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Every client the integration tests use checks each response against the served OpenAPI
 * document. Here the document is planted with a mismatch: the same requests then fail.
 */
@IntegrationTest
class ResponseContractIT {

    @LocalServerPort
    int port;

    @Test
    void aResponseThatBreaksTheDocumentFailsTheTestThatReceivedIt() {
        TestApi planted = withDocument(document -> ((ObjectNode) responseSchema(document, "/api/v1/me", "200")
                        .path("properties")
                        .path("email"))
                .put("type", "integer"));
        Account ada = new TestApi(port).newUser();

        assertThatThrownBy(() -> planted.get("/api/v1/me", ada.key()))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /api/v1/me 200: /email string found, integer expected");
    }

    @Test
    void anUndocumentedStatusFailsTheTestThatReceivedIt() {
        TestApi planted = withDocument(
                document -> ((ObjectNode) document.at("/paths/~1api~1v1~1users~1{id}/get/responses")).remove("404"));

        assertThatThrownBy(() -> planted.get("/api/v1/users/" + UUID.randomUUID(), TestApi.ADMIN_KEY))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("GET /api/v1/users/{id} 404: status 404 not documented");
    }

    @Test
    void theServedDocumentDescribesWhatThisTestReceives() {
        TestApi api = new TestApi(port);
        Account ada = api.newUser();

        assertThat(api.get("/api/v1/me", ada.key()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/users/" + UUID.randomUUID(), TestApi.ADMIN_KEY)
                        .status())
                .isEqualTo(404);
    }

    @Test
    void requestsOutsideTheDocumentMayOnlyGetAProblem() {
        TestApi api = new TestApi(port);

        api.get("/api/v1/no-such-thing", TestApi.ADMIN_KEY).problem(404, "not_found");
        assertThat(api.get("/swagger-ui/index.html", null).status()).isEqualTo(200);

        TestApi planted = withDocument(document ->
                ((ObjectNode) document.at("/components/schemas/Problem/properties/code")).put("type", "integer"));
        assertThatThrownBy(() -> planted.get("/api/v1/no-such-thing", TestApi.ADMIN_KEY))
                .isInstanceOf(AssertionError.class)
                .hasMessageContaining("(no documented path)");
    }

    /** The component schema of this GET operation's response with this status. */
    private static JsonNode responseSchema(JsonNode document, String path, String status) {
        JsonNode content = document.path("paths")
                .path(path)
                .path("get")
                .path("responses")
                .path(status)
                .path("content");
        String ref =
                content.values().iterator().next().path("schema").path("$ref").asString();
        return document.at(ref.substring(1));
    }

    /** A client that checks responses against the served document after {@code plant} changed it. */
    private TestApi withDocument(Consumer<JsonNode> plant) {
        JsonNode document = new TestApi(port).get("/v3/api-docs", null).json();
        plant.accept(document);
        OpenApiContract contract = OpenApiContract.of(document);
        return new TestApi(port, () -> contract);
    }
}
