package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Response;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** What operators and API consumers reach without a key: Actuator on its own port, the API docs. */
@IntegrationTest
class OperationsIT {

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @Test
    void healthProbesAreUpOnTheManagementPort() {
        TestApi management = TestApi.management(managementPort);

        assertThat(management
                        .get("/actuator/health", null)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("UP");
        assertThat(management
                        .get("/actuator/health/liveness", null)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("UP");
        Response readiness = management.get("/actuator/health/readiness", null);
        assertThat(readiness.status()).isEqualTo(200);
        assertThat(readiness.header("X-Request-Id")).isNotBlank();
        assertThat(readiness.json().path("status").asString()).isEqualTo("UP");
    }

    @Test
    void readinessIncludesTheDatabase() {
        JsonNode readiness = TestApi.management(managementPort)
                .get("/actuator/health/readiness", null)
                .json();

        assertThat(readiness.path("components").path("db").path("status").asString())
                .isEqualTo("UP");
        assertThat(readiness
                        .path("components")
                        .path("readinessState")
                        .path("status")
                        .asString())
                .isEqualTo("UP");
        JsonNode liveness = TestApi.management(managementPort)
                .get("/actuator/health/liveness", null)
                .json();
        assertThat(liveness.path("components").has("db"))
                .as("liveness must not depend on the database")
                .isFalse();
    }

    @Test
    void circuitBreakerStateIsInHealth() {
        JsonNode health =
                TestApi.management(managementPort).get("/actuator/health", null).json();

        assertThat(health.path("components")
                        .path("circuitBreakers")
                        .path("status")
                        .asString())
                .isEqualTo("UP");
    }

    @Test
    void infoShowsTheBuild() {
        JsonNode info =
                TestApi.management(managementPort).get("/actuator/info", null).json();

        assertThat(info.path("build").path("artifact").asString()).isEqualTo("bursar");
        assertThat(info.path("build").path("version").asString()).isNotBlank();
    }

    @Test
    void prometheusExportsMetrics() {
        new TestApi(port).get("/api/v1/me", TestApi.ADMIN_KEY); // so that HTTP server metrics exist
        Response metrics = TestApi.management(managementPort).get("/actuator/prometheus", null);

        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body()).contains("jvm_memory_used_bytes", "http_server_requests", "hikaricp_connections");
        assertThat(metrics.body()).containsPattern("resilience4j_circuitbreaker_state\\{.*name=\"database\"");
    }

    @Test
    void actuatorIsNotOnTheMainPort() {
        assertThat(new TestApi(port).get("/actuator/health", null).status()).isEqualTo(404);
    }

    @Test
    void swaggerUiIsPublic() {
        TestApi api = new TestApi(port);

        Response page = api.get("/swagger-ui/index.html", null);
        assertThat(page.status()).isEqualTo(200);
        assertThat(page.body()).contains("Swagger UI");
        assertThat(api.get("/swagger-ui.html", null).status()).isIn(200, 302);
    }

    @Test
    void openApiDocumentDescribesBursarWithBearerAuth() {
        JsonNode doc = new TestApi(port).get("/v3/api-docs", null).json();

        assertThat(doc.path("info").path("title").asString()).isEqualTo("Bursar API");
        assertThat(doc.path("info").path("version").asString()).isNotBlank();
        assertThat(doc.path("info").path("description").asString()).contains("ledger", "problem+json");
        JsonNode scheme = doc.path("components").path("securitySchemes").path(OpenApiConfiguration.API_KEY_SCHEME);
        assertThat(scheme.path("type").asString()).isEqualTo("http");
        assertThat(scheme.path("scheme").asString()).isEqualTo("bearer");
        assertThat(doc.path("security").get(0).has(OpenApiConfiguration.API_KEY_SCHEME))
                .isTrue();

        List<String> paths = new ArrayList<>(doc.path("paths").propertyNames());
        assertThat(paths)
                .contains(
                        "/api/v1/users",
                        "/api/v1/users/{id}",
                        "/api/v1/me",
                        "/api/v1/users/{id}/api-keys",
                        "/api/v1/users/{id}/api-keys/{key_id}",
                        "/api/v1/accounts",
                        "/api/v1/accounts/{id}",
                        "/api/v1/accounts/{id}/entries",
                        "/api/v1/accounts/{id}/deposits",
                        "/api/v1/accounts/{id}/withdrawals",
                        "/api/v1/transfers",
                        "/api/v1/transfers/{id}");
        assertThat(paths).allMatch(path -> path.startsWith("/api/v1/"));
    }

    @Test
    void openApiDocumentsProblemResponses() {
        JsonNode doc = new TestApi(port).get("/v3/api-docs", null).json();
        JsonNode createUser =
                doc.path("paths").path("/api/v1/users").path("post").path("responses");

        assertThat(createUser.propertyNames()).contains("201", "400", "401", "403", "409", "413", "415", "500");
        assertThat(createUser.path("409").path("description").asString()).contains("email_taken");
        assertThat(createUser
                        .path("409")
                        .path("content")
                        .path("application/problem+json")
                        .path("schema")
                        .path("$ref")
                        .asString())
                .isEqualTo("#/components/schemas/Problem");
        assertThat(createUser
                        .path("201")
                        .path("content")
                        .path("application/json")
                        .path("schema")
                        .path("$ref")
                        .asString())
                .endsWith("UserResponse");
        JsonNode transfer = doc.path("paths").path("/api/v1/transfers").path("post");
        assertThat(transfer.path("responses").path("422").path("description").asString())
                .contains(
                        "insufficient_funds",
                        "currency_mismatch",
                        "same_account",
                        "account_inactive",
                        "balance_overflow",
                        "idempotency_key_reused");
        assertThat(transfer.path("parameters").findValuesAsString("name")).contains("Idempotency-Key");
        JsonNode transferRequest = doc.path("components").path("schemas").path("CreateTransferRequest");
        assertThat(transferRequest
                        .path("properties")
                        .path("amount")
                        .path("example")
                        .asLong())
                .isPositive();
        assertThat(transferRequest
                        .path("required")
                        .valueStream()
                        .map(JsonNode::asString)
                        .toList())
                .contains("from_account_id", "to_account_id", "amount", "currency");
        JsonNode getUser =
                doc.path("paths").path("/api/v1/users/{id}").path("get").path("responses");
        assertThat(getUser.path("404").path("description").asString()).contains("not_found");
        assertThat(doc.path("components")
                        .path("schemas")
                        .path("Problem")
                        .path("properties")
                        .propertyNames())
                .contains("type", "title", "status", "detail", "instance", "code", "request_id", "errors");
    }

    @Test
    void openApiSchemasUseTheWireNames() {
        JsonNode schemas = new TestApi(port)
                .get("/v3/api-docs", null)
                .json()
                .path("components")
                .path("schemas");

        assertThat(schemas.path("UserResponse").path("properties").propertyNames())
                .contains("created_at", "updated_at")
                .doesNotContain("createdAt");
        assertThat(schemas.path("CreatedApiKeyResponse").path("properties").propertyNames())
                .contains("key", "last_used_at");
    }
}
