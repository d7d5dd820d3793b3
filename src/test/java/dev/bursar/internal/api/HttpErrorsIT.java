package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.RawHttp;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Response;
import java.io.IOException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/** The protocol-level problem codes: what any route answers to a request it cannot serve. */
@IntegrationTest
class HttpErrorsIT {

    @LocalServerPort
    int port;

    @Autowired
    TestApi api;

    @Test
    void missingKeyIsUnauthorizedWithChallenge() {
        Response response = api.get("/api/v1/me", null);

        response.problem(401, "unauthorized");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "Bearer",
                "Bearer ",
                "Basic dXNlcjpwYXNz",
                "bsr_no_scheme_at_all_0123456789abcdef",
                "Bearer bsr_unknown_key_0123456789abcdefghijklmnopqrstuvwxyz",
                "Bearer " + "x"
            })
    void malformedOrUnknownKeyIsUnauthorized(String authorization) {
        Response response = api.send("GET", "/api/v1/me", null, null, Map.of("Authorization", authorization));

        response.problem(401, "unauthorized");
        assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
    }

    @Test
    void oversizedKeyIsUnauthorized() {
        api.get("/api/v1/me", "bsr_" + "k".repeat(5000)).problem(401, "unauthorized");
    }

    @Test
    void bearerSchemeIsCaseInsensitive() {
        Response response =
                api.send("GET", "/api/v1/me", null, null, Map.of("Authorization", "bearer " + TestApi.ADMIN_KEY));
        assertThat(response.status()).isEqualTo(200);
    }

    @Test
    void wrongMethodIsMethodNotAllowed() {
        Response response = api.send("PATCH", "/api/v1/users", TestApi.ADMIN_KEY, "{}", Map.of());

        response.problem(405, "method_not_allowed");
        assertThat(response.header("Allow")).contains("GET", "POST");
    }

    @Test
    void unacceptableAcceptIsNotAcceptable() {
        api.send("GET", "/api/v1/me", TestApi.ADMIN_KEY, null, Map.of("Accept", "application/xml"))
                .problem(406, "not_acceptable");
    }

    @Test
    void problemsAreProblemJsonEvenWhenClientAcceptsOnlyJson() {
        api.send(
                        "GET",
                        "/api/v1/users/" + java.util.UUID.randomUUID(),
                        TestApi.ADMIN_KEY,
                        null,
                        Map.of("Accept", "application/json"))
                .problem(404, "not_found");
    }

    @Test
    void nonJsonBodyIsUnsupportedMediaType() {
        api.send("POST", "/api/v1/users", TestApi.ADMIN_KEY, "email=a@b", Map.of("Content-Type", "text/plain"))
                .problem(415, "unsupported_media_type");
    }

    @Test
    void bodyOverLimitIsPayloadTooLarge() {
        String big = "{\"email\":\"a@b\",\"name\":\"" + "n".repeat(70 * 1024) + "\"}";

        api.post("/api/v1/users", TestApi.ADMIN_KEY, big).problem(413, "payload_too_large");
    }

    @Test
    void chunkedBodyOverLimitIsPayloadTooLarge() throws IOException {
        String chunk = "{\"email\":\"a@b\",\"name\":\"" + "n".repeat(70 * 1024) + "\"}";
        String request = "POST /api/v1/users HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestApi.ADMIN_KEY
                + "\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                + Integer.toHexString(chunk.length()) + "\r\n" + chunk + "\r\n0\r\n\r\n";

        String raw = rawExchange("POST", "/api/v1/users", request);

        assertThat(raw)
                .startsWith("HTTP/1.1 413")
                .contains("application/problem+json", "\"code\":\"payload_too_large\"");
    }

    @Test
    void unknownRouteIsNotFound() {
        api.get("/api/v1/no-such-thing", TestApi.ADMIN_KEY).problem(404, "not_found");
        api.get("/no-such-page", null).problem(404, "not_found");
    }

    @Test
    void unknownRouteUnderApiNeedsAKeyFirst() {
        api.get("/api/v1/no-such-thing", null).problem(401, "unauthorized");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "/api/v1//users",
                "/api/v1/users;jsessionid=1",
                "/api/v1/users%2F..%2Fme",
                "/api/v1/users/%2e%2e/me",
                "/api/v1/users/../me",
                "/api/v1/me%00",
                "/api/v1/%5Cme"
            })
    void pathTricksAreRejected(String path) throws IOException {
        String raw = rawExchange(
                "GET",
                path,
                "GET " + path + " HTTP/1.1\r\nHost: localhost\r\nAuthorization: Bearer " + TestApi.ADMIN_KEY
                        + "\r\nConnection: close\r\n\r\n");

        assertThat(raw).startsWith("HTTP/1.1 400");
        assertThat(raw).contains("application/problem+json", "\"code\":\"malformed_request\"", "X-Request-Id:");
    }

    @Test
    void unexpectedFailureIsInternalErrorWithoutInternals() {
        Response response = api.get("/test-probe/failure", null);

        JsonNode problem = response.problem(500, "internal_error");
        assertThat(response.body()).doesNotContain("SELECT", "dev.bursar", "Hidden", "Exception", "trace");
        assertThat(problem.path("detail").asString()).isEqualTo("an unexpected error occurred");
    }

    @Test
    void everyResponseCarriesARequestId() {
        assertThat(api.get("/api/v1/me", TestApi.ADMIN_KEY).header("X-Request-Id"))
                .isNotBlank();
        assertThat(api.get("/api/v1/me", null).header("X-Request-Id")).isNotBlank();
        assertThat(api.get("/no-such-page", null).header("X-Request-Id")).isNotBlank();
        assertThat(api.get("/v3/api-docs", null).header("X-Request-Id")).isNotBlank();
    }

    @Test
    void validClientRequestIdIsEchoed() {
        Response response =
                api.send("GET", "/api/v1/users/42", TestApi.ADMIN_KEY, null, Map.of("X-Request-Id", "client-Id_1.2"));

        assertThat(response.header("X-Request-Id")).isEqualTo("client-Id_1.2");
        assertThat(response.json().path("request_id").asString()).isEqualTo("client-Id_1.2");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "has space",
                "semi;colon",
                "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
                "quote\"d",
                "<script>"
            })
    void invalidClientRequestIdIsReplaced(String supplied) {
        Response response = api.send("GET", "/api/v1/me", TestApi.ADMIN_KEY, null, Map.of("X-Request-Id", supplied));

        assertThat(response.header("X-Request-Id")).isNotEqualTo(supplied).matches("[A-Za-z0-9._-]{1,64}");
    }

    /** Sends bytes exactly as written (see {@link RawHttp}); returns what came back, as received. */
    private String rawExchange(String method, String path, String request) throws IOException {
        return RawHttp.exchange(api, port, method, path, request).raw();
    }
}
