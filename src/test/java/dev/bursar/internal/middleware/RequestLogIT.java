package dev.bursar.internal.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Response;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalManagementPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** What operators see on stdout: one JSON object per line, one line per request, no secrets. */
@IntegrationTest
@ExtendWith(OutputCaptureExtension.class)
class RequestLogIT {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    @LocalManagementPort
    int managementPort;

    @Autowired
    TestApi api;

    private List<JsonNode> linesOf(CapturedOutput output) {
        return output.getOut()
                .lines()
                .filter(line -> !line.isBlank())
                .map(JSON::readTree)
                .toList();
    }

    private JsonNode requestLine(CapturedOutput output, String requestId) {
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> output.getOut().contains(requestId));
        List<JsonNode> lines = linesOf(output).stream()
                .filter(line -> requestId.equals(line.path("request_id").asString()))
                .filter(line -> "request completed".equals(line.path("message").asString()))
                .toList();
        assertThat(lines).as("request log lines of %s", requestId).hasSize(1);
        return lines.getFirst();
    }

    @Test
    void eachRequestIsLoggedOnceWithItsFields(CapturedOutput output) {
        Account ada = api.newUser();

        Response response = api.get("/api/v1/me?verbose=true", ada.key());

        JsonNode line = requestLine(output, response.header("X-Request-Id"));
        assertThat(line.path("method").asString()).isEqualTo("GET");
        assertThat(line.path("path").asString()).isEqualTo("/api/v1/me");
        assertThat(line.path("status").asInt()).isEqualTo(200);
        assertThat(line.path("duration_ms").isNumber()).isTrue();
        assertThat(line.path("user_id").asString()).isEqualTo(ada.id().toString());
        assertThat(line.path("level").asString()).isEqualTo("INFO");
    }

    @Test
    void managementRequestsAreNotLoggedAtInfo(CapturedOutput output) {
        Response health = TestApi.management(managementPort).get("/actuator/health", null);
        Response api = this.api.get("/api/v1/me", TestApi.ADMIN_KEY);

        requestLine(output, api.header("X-Request-Id"));
        assertThat(health.header("X-Request-Id")).isNotBlank();
        assertThat(output.getOut()).doesNotContain(health.header("X-Request-Id"));
    }

    @Test
    void refusedRequestIsLoggedWithoutUser(CapturedOutput output) {
        Response response = api.get("/api/v1/me", "bsr_wrong_key_0123456789abcdefghijklmnop");

        JsonNode line = requestLine(output, response.header("X-Request-Id"));
        assertThat(line.path("status").asInt()).isEqualTo(401);
        assertThat(line.has("user_id")).isFalse();
    }

    @Test
    void noKeyReachesTheLogs(CapturedOutput output) {
        Account ada = api.newUser();
        String secret = api.issueKey(ada.id(), ada.key()).secret();

        Response ok = api.get("/api/v1/me", secret);
        Response failing = api.get("/test-probe/failure", null);
        Response unknown = api.get("/api/v1/me", secret + "x");
        Response revoked = api.delete(
                "/api/v1/users/" + ada.id() + "/api-keys/"
                        + api.get("/api/v1/users/" + ada.id() + "/api-keys?limit=1", ada.key())
                                .json()
                                .path("data")
                                .get(0)
                                .path("id")
                                .asString(),
                secret);

        requestLine(output, ok.header("X-Request-Id"));
        requestLine(output, failing.header("X-Request-Id"));
        requestLine(output, unknown.header("X-Request-Id"));
        requestLine(output, revoked.header("X-Request-Id"));
        String logs = output.getOut() + output.getErr();
        assertThat(logs).doesNotContain(secret, ada.key(), TestApi.ADMIN_KEY, secret.substring(4), "Bearer ");
        assertThat(logs).doesNotContainIgnoringCase("authorization:");
    }

    @Test
    void everyLineIsOneJsonObject(CapturedOutput output) {
        api.get("/api/v1/me", TestApi.ADMIN_KEY);
        api.get("/test-probe/failure", null);

        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .until(() -> output.getOut().contains("unexpected failure"));
        List<String> lines =
                output.getOut().lines().filter(line -> !line.isBlank()).toList();
        assertThat(lines).isNotEmpty().allSatisfy(line -> {
            JsonNode node = JSON.readTree(line);
            assertThat(node.isObject()).isTrue();
            assertThat(node.path("@timestamp").asString()).isNotBlank();
        });
    }
}
