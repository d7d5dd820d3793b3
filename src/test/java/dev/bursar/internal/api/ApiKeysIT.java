package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Response;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class ApiKeysIT {

    @Autowired
    JdbcClient jdbc;

    @Autowired
    TestApi api;

    private String keysPath(UUID userId) {
        return "/api/v1/users/" + userId + "/api-keys";
    }

    @Test
    void createdKeyIsShownOnceAndAnswersMe() {
        Account ada = api.newUser();

        Response created = api.post(keysPath(ada.id()), ada.key(), Map.of("name", "laptop"));

        assertThat(created.status()).isEqualTo(201);
        JsonNode key = created.json();
        String secret = key.path("key").asString();
        assertThat(secret).startsWith("bsr_");
        // At least 32 random bytes after the prefix.
        assertThat(Base64.getUrlDecoder().decode(secret.substring(4))).hasSizeGreaterThanOrEqualTo(32);
        assertThat(key.path("prefix").asString()).isEqualTo(secret.substring(0, 12));
        assertThat(key.path("name").asString()).isEqualTo("laptop");
        assertThat(key.path("last_used_at").isNull()).isTrue();
        assertThat(created.header("Location"))
                .isEqualTo(keysPath(ada.id()) + "/" + key.path("id").asString());

        JsonNode me = api.get("/api/v1/me", secret).json();
        assertThat(me.path("id").asString()).isEqualTo(ada.id().toString());

        JsonNode shown = api.get(created.header("Location"), secret).json();
        assertThat(shown.has("key")).isFalse();
        assertThat(shown.path("prefix").asString()).isEqualTo(key.path("prefix").asString());
        assertThat(shown.path("last_used_at").asString()).isNotBlank();
    }

    @Test
    void keysAreRandom() {
        Account ada = api.newUser();
        String first =
                api.post(keysPath(ada.id()), ada.key(), null).json().path("key").asString();
        String second =
                api.post(keysPath(ada.id()), ada.key(), null).json().path("key").asString();

        assertThat(first).isNotEqualTo(second);
    }

    @Test
    void nameIsOptionalAndValidated() {
        Account ada = api.newUser();

        Response withoutBody = api.post(keysPath(ada.id()), ada.key(), null);
        assertThat(withoutBody.status()).isEqualTo(201);
        assertThat(withoutBody.json().path("name").isNull()).isTrue();
        assertThat(api.post(keysPath(ada.id()), ada.key(), Map.of()).status()).isEqualTo(201);

        JsonNode problem = api.post(keysPath(ada.id()), ada.key(), Map.of("name", "k".repeat(201)))
                .problem(400, "validation_failed");
        assertThat(problem.path("errors").findValuesAsString("field")).containsExactly("name");
        api.post(keysPath(ada.id()), ada.key(), Map.of("name", "tab\there")).problem(400, "validation_failed");
        api.post(keysPath(ada.id()), ada.key(), Map.of("label", "x")).problem(400, "malformed_request");
    }

    @Test
    void listNeverShowsSecretsAndPages() {
        Account ada = api.newUser();
        api.post(keysPath(ada.id()), ada.key(), Map.of("name", "two"));
        api.post(keysPath(ada.id()), ada.key(), Map.of("name", "three"));

        List<JsonNode> keys = api.readAll(keysPath(ada.id()), ada.key(), 2);

        assertThat(keys).hasSize(3);
        assertThat(keys).allSatisfy(key -> assertThat(key.has("key")).isFalse());
        assertThat(keys.stream().map(key -> key.path("name").asString()).toList())
                .containsExactly("test", "two", "three");
    }

    @Test
    void revokedKeyIsRefusedAtOnce() {
        Account ada = api.newUser();
        JsonNode extra = api.post(keysPath(ada.id()), ada.key(), Map.of("name", "to revoke"))
                .json();
        String secret = extra.path("key").asString();
        assertThat(api.get("/api/v1/me", secret).status()).isEqualTo(200);

        Response revoked =
                api.delete(keysPath(ada.id()) + "/" + extra.path("id").asString(), ada.key());

        assertThat(revoked.status()).isEqualTo(204);
        Response refused = api.get("/api/v1/me", secret);
        refused.problem(401, "unauthorized");
        assertThat(refused.header("WWW-Authenticate")).startsWith("Bearer");
        api.get(keysPath(ada.id()) + "/" + extra.path("id").asString(), ada.key())
                .problem(404, "not_found");
        api.delete(keysPath(ada.id()) + "/" + extra.path("id").asString(), ada.key())
                .problem(404, "not_found");
        // The user's other key keeps working.
        assertThat(api.get("/api/v1/me", ada.key()).status()).isEqualTo(200);
        assertThat(api.readAll(keysPath(ada.id()), ada.key(), 20)).hasSize(1);
    }

    @Test
    void revocationElsewhereIsHonouredWithinASecond() {
        Account ada = api.newUser();
        assertThat(api.get("/api/v1/me", ada.key()).status()).isEqualTo(200);

        // As another replica would: straight in the database, past this instance's key cache.
        jdbc.sql("UPDATE api_keys SET revoked_at = now() WHERE user_id = :user")
                .param("user", ada.id())
                .update();
        long revokedAt = System.nanoTime();
        Awaitility.await()
                .atMost(Duration.ofMillis(1500))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> api.get("/api/v1/me", ada.key()).status() == 401);

        assertThat(Duration.ofNanos(System.nanoTime() - revokedAt)).isLessThan(Duration.ofMillis(1500));
        api.get("/api/v1/me", ada.key()).problem(401, "unauthorized");
    }

    @Test
    void adminManagesAnyUsersKeys() {
        Account ada = api.newUser();

        Response created = api.post(keysPath(ada.id()), TestApi.ADMIN_KEY, Map.of("name", "issued by admin"));
        assertThat(created.status()).isEqualTo(201);
        assertThat(api.get("/api/v1/me", created.json().path("key").asString())
                        .json()
                        .path("id")
                        .asString())
                .isEqualTo(ada.id().toString());
        assertThat(api.get(keysPath(ada.id()), TestApi.ADMIN_KEY).status()).isEqualTo(200);
        assertThat(api.delete(created.header("Location"), TestApi.ADMIN_KEY).status())
                .isEqualTo(204);
    }

    @Test
    void othersKeysAreNotFound() {
        Account ada = api.newUser();
        Account bob = api.newUser();
        String bobsKeyId = api.get(keysPath(bob.id()), bob.key())
                .json()
                .path("data")
                .get(0)
                .path("id")
                .asString();

        api.post(keysPath(bob.id()), ada.key(), Map.of()).problem(404, "not_found");
        api.get(keysPath(bob.id()), ada.key()).problem(404, "not_found");
        api.get(keysPath(bob.id()) + "/" + bobsKeyId, ada.key()).problem(404, "not_found");
        api.delete(keysPath(bob.id()) + "/" + bobsKeyId, ada.key()).problem(404, "not_found");
        // Looking up a key through the wrong user does not find it either.
        api.get(keysPath(ada.id()) + "/" + bobsKeyId, ada.key()).problem(404, "not_found");
        api.post(keysPath(UUID.randomUUID()), TestApi.ADMIN_KEY, Map.of()).problem(404, "not_found");
        assertThat(api.get("/api/v1/me", bob.key()).status()).isEqualTo(200);
    }
}
