package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Response;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class UsersIT {

    @Autowired
    TestApi api;

    private static String uniqueEmail() {
        return "ada-" + UUID.randomUUID() + "@Example.com";
    }

    @Test
    void adminCreatesUserWithLocationAndEveryField() {
        String email = uniqueEmail();
        Response created = api.post("/api/v1/users", TestApi.ADMIN_KEY, Map.of("email", email, "name", "Ada Lovelace"));

        assertThat(created.status()).isEqualTo(201);
        JsonNode user = created.json();
        assertThat(created.header("Location"))
                .isEqualTo("/api/v1/users/" + user.path("id").asString());
        assertThat(UUID.fromString(user.path("id").asString()).version()).isEqualTo(7);
        assertThat(user.path("email").asString()).isEqualTo(email);
        assertThat(user.path("name").asString()).isEqualTo("Ada Lovelace");
        assertThat(user.path("role").asString()).isEqualTo("user");
        assertThat(user.path("created_at").asString()).matches("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}\\.\\d{3}Z");
        assertThat(user.path("updated_at").asString())
                .isEqualTo(user.path("created_at").asString());

        Response fetched = api.get(created.header("Location"), TestApi.ADMIN_KEY);
        assertThat(fetched.status()).isEqualTo(200);
        assertThat(fetched.json()).isEqualTo(user);
    }

    @Test
    void emailsAreUniqueRegardlessOfCase() {
        String email = uniqueEmail();
        assertThat(api.post("/api/v1/users", TestApi.ADMIN_KEY, Map.of("email", email, "name", "A"))
                        .status())
                .isEqualTo(201);

        api.post("/api/v1/users", TestApi.ADMIN_KEY, Map.of("email", email.toUpperCase(), "name", "B"))
                .problem(409, "email_taken");
    }

    @Test
    void adminMayCreateAdmins() {
        Response created = api.post(
                "/api/v1/users", TestApi.ADMIN_KEY, Map.of("email", uniqueEmail(), "name", "Root", "role", "admin"));
        assertThat(created.json().path("role").asString()).isEqualTo("admin");
    }

    static Stream<Arguments> invalidUsers() {
        return Stream.of(
                Arguments.of("missing email", Map.of("name", "A"), "email"),
                Arguments.of("null email", mapWithNull("email", "name", "A"), "email"),
                Arguments.of("no @", Map.of("email", "ada.example.com", "name", "A"), "email"),
                Arguments.of("two @", Map.of("email", "a@b@c", "name", "A"), "email"),
                Arguments.of("empty local part", Map.of("email", "@example.com", "name", "A"), "email"),
                Arguments.of("empty domain", Map.of("email", "ada@", "name", "A"), "email"),
                Arguments.of("space in email", Map.of("email", "a da@example.com", "name", "A"), "email"),
                Arguments.of("email over 254", Map.of("email", "a".repeat(250) + "@b.cd", "name", "A"), "email"),
                Arguments.of("missing name", Map.of("email", "a@b"), "name"),
                Arguments.of("blank name", Map.of("email", "a@b", "name", "  "), "name"),
                Arguments.of("name over 200", Map.of("email", "a@b", "name", "n".repeat(201)), "name"),
                Arguments.of("control character", Map.of("email", "a@b", "name", "Ada\u0007"), "name"),
                Arguments.of("newline", Map.of("email", "a@b", "name", "Ada\nLovelace"), "name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidUsers")
    void invalidUserIsValidationFailedNamingTheField(String rule, Map<String, Object> body, String field) {
        JsonNode problem = api.post("/api/v1/users", TestApi.ADMIN_KEY, body).problem(400, "validation_failed");

        assertThat(problem.path("errors").findValuesAsString("field")).contains(field);
    }

    @Test
    void longestValidNameAndEmailAreAccepted() {
        String email = UUID.randomUUID() + "@" + "d".repeat(254 - 36 - 1);
        assertThat(email).hasSize(254);
        Response created =
                api.post("/api/v1/users", TestApi.ADMIN_KEY, Map.of("email", email, "name", "n".repeat(200)));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        assertThat(api.post(
                                "/api/v1/users",
                                TestApi.ADMIN_KEY,
                                Map.of("email", "admin-" + UUID.randomUUID() + "@localhost", "name", "Local"))
                        .status())
                .isEqualTo(201);
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("not JSON", "{\"email\": "),
                Arguments.of("array", "[]"),
                Arguments.of("unknown field", "{\"email\":\"a@b\",\"name\":\"A\",\"nickname\":\"x\"}"),
                Arguments.of("number for text", "{\"email\":\"a@b\",\"name\":42}"),
                Arguments.of("object for text", "{\"email\":{},\"name\":\"A\"}"),
                Arguments.of("unknown role", "{\"email\":\"a@b\",\"name\":\"A\",\"role\":\"root\"}"),
                Arguments.of("role in upper case", "{\"email\":\"a@b\",\"name\":\"A\",\"role\":\"ADMIN\"}"),
                Arguments.of("duplicate key", "{\"email\":\"a@b\",\"name\":\"A\",\"name\":\"B\"}"),
                Arguments.of("trailing data", "{\"email\":\"a@b\",\"name\":\"A\"} {}"),
                Arguments.of("empty body", ""));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void malformedBodyIsMalformedRequest(String what, String body) {
        Response response =
                api.send("POST", "/api/v1/users", TestApi.ADMIN_KEY, body, Map.of("Content-Type", "application/json"));

        JsonNode problem = response.problem(400, "malformed_request");
        assertThat(problem.path("detail").asString()).doesNotContain("dev.bursar", "tools.jackson", "java.");
    }

    @Test
    void usersAreListedOldestFirstAcrossPages() {
        List<String> mine = Stream.generate(UsersIT::uniqueEmail)
                .limit(5)
                .map(email -> api.post("/api/v1/users", TestApi.ADMIN_KEY, Map.of("email", email, "name", "P")))
                .map(response -> response.json().path("id").asString())
                .toList();

        List<JsonNode> all = api.readAll("/api/v1/users", TestApi.ADMIN_KEY, 2);

        List<String> ids = all.stream().map(user -> user.path("id").asString()).toList();
        assertThat(ids).doesNotHaveDuplicates().containsSubsequence(mine);
        List<String> createdAt =
                all.stream().map(user -> user.path("created_at").asString()).toList();
        assertThat(createdAt).isSorted();
    }

    @Test
    void pageHasDataAndNextCursor() {
        api.newUser();
        api.newUser();
        JsonNode page = api.get("/api/v1/users?limit=1", TestApi.ADMIN_KEY).json();

        assertThat(page.path("data")).hasSize(1);
        assertThat(page.path("next_cursor").asString()).isNotBlank();
    }

    @ParameterizedTest(name = "limit={0}")
    @org.junit.jupiter.params.provider.ValueSource(strings = {"0", "101", "-1", "abc", "1.5", ""})
    void invalidLimitIsValidationFailed(String limit) {
        JsonNode problem =
                api.get("/api/v1/users?limit=" + limit, TestApi.ADMIN_KEY).problem(400, "validation_failed");
        assertThat(problem.path("errors").findValuesAsString("field")).containsExactly("limit");
    }

    @Test
    void cursorFromAnotherListOrGarbageIsValidationFailed() {
        Account user = api.newUser();
        api.issueKey(user.id(), TestApi.ADMIN_KEY);
        String keysCursor = api.get("/api/v1/users/" + user.id() + "/api-keys?limit=1", TestApi.ADMIN_KEY)
                .json()
                .path("next_cursor")
                .asString();
        assertThat(keysCursor).isNotBlank();

        api.get("/api/v1/users?cursor=" + keysCursor, TestApi.ADMIN_KEY).problem(400, "validation_failed");
        api.get("/api/v1/users?cursor=not-a-cursor", TestApi.ADMIN_KEY).problem(400, "validation_failed");
    }

    @Test
    void userSeesOnlyItself() {
        Account ada = api.newUser();
        Account bob = api.newUser();

        assertThat(api.get("/api/v1/users/" + ada.id(), ada.key()).status()).isEqualTo(200);
        api.get("/api/v1/users/" + bob.id(), ada.key()).problem(404, "not_found");
        api.get("/api/v1/users/" + UUID.randomUUID(), ada.key()).problem(404, "not_found");
        api.get("/api/v1/users/" + UUID.randomUUID(), TestApi.ADMIN_KEY).problem(404, "not_found");
    }

    @Test
    void usersMayNotCreateListOrDeleteUsers() {
        Account ada = api.newUser();

        api.post("/api/v1/users", ada.key(), Map.of("email", uniqueEmail(), "name", "X"))
                .problem(403, "forbidden");
        // Refused for the role before the body is even read.
        api.post("/api/v1/users", ada.key(), Map.of()).problem(403, "forbidden");
        api.get("/api/v1/users", ada.key()).problem(403, "forbidden");
        api.delete("/api/v1/users/" + ada.id(), ada.key()).problem(403, "forbidden");
    }

    @Test
    void meIsTheCaller() {
        Account ada = api.newUser();

        JsonNode me = api.get("/api/v1/me", ada.key()).json();

        assertThat(me.path("id").asString()).isEqualTo(ada.id().toString());
        assertThat(me.path("email").asString()).isEqualTo(ada.email());
    }

    @Test
    void userReplacesOwnEmailAndName() {
        Account ada = api.newUser();
        JsonNode before = api.get("/api/v1/me", ada.key()).json();
        String newEmail = uniqueEmail();

        Response updated =
                api.put("/api/v1/users/" + ada.id(), ada.key(), Map.of("email", newEmail, "name", "Ada King"));

        assertThat(updated.status()).isEqualTo(200);
        assertThat(updated.json().path("email").asString()).isEqualTo(newEmail);
        assertThat(updated.json().path("name").asString()).isEqualTo("Ada King");
        assertThat(updated.json().path("role").asString()).isEqualTo("user");
        assertThat(updated.json().path("created_at")).isEqualTo(before.path("created_at"));
        assertThat(updated.json().path("updated_at").asString())
                .isGreaterThanOrEqualTo(before.path("updated_at").asString());
        assertThat(api.get("/api/v1/me", ada.key()).json()).isEqualTo(updated.json());
    }

    @Test
    void updateNeedsBothEmailAndName() {
        Account ada = api.newUser();

        JsonNode problem = api.put("/api/v1/users/" + ada.id(), ada.key(), Map.of("name", "Only name"))
                .problem(400, "validation_failed");
        assertThat(problem.path("errors").findValuesAsString("field")).containsExactly("email");
    }

    @Test
    void onlyAdminsChangeRoles() {
        Account ada = api.newUser();

        api.put("/api/v1/users/" + ada.id(), ada.key(), Map.of("email", ada.email(), "name", "A", "role", "admin"))
                .problem(403, "forbidden");
        assertThat(api.get("/api/v1/me", ada.key()).json().path("role").asString())
                .isEqualTo("user");

        Response promoted = api.put(
                "/api/v1/users/" + ada.id(),
                TestApi.ADMIN_KEY,
                Map.of("email", ada.email(), "name", "A", "role", "admin"));
        assertThat(promoted.json().path("role").asString()).isEqualTo("admin");
        // The new role applies to the user's existing key at once.
        assertThat(api.get("/api/v1/users", ada.key()).status()).isEqualTo(200);
    }

    @Test
    void demotedAdminIsRefusedAtOnce() {
        Account ada = api.newUser("admin");
        assertThat(api.get("/api/v1/users?limit=1", ada.key()).status()).isEqualTo(200);

        Response demoted = api.put(
                "/api/v1/users/" + ada.id(),
                TestApi.ADMIN_KEY,
                Map.of("email", ada.email(), "name", "A", "role", "user"));

        assertThat(demoted.status()).as(demoted.body()).isEqualTo(200);
        api.get("/api/v1/users?limit=1", ada.key()).problem(403, "forbidden");
        assertThat(api.get("/api/v1/me", ada.key()).json().path("role").asString())
                .isEqualTo("user");
    }

    @Test
    void userMayNotUpdateOthers() {
        Account ada = api.newUser();
        Account bob = api.newUser();

        api.put("/api/v1/users/" + bob.id(), ada.key(), Map.of("email", uniqueEmail(), "name", "B"))
                .problem(404, "not_found");
    }

    @Test
    void updateToTakenEmailIsEmailTaken() {
        Account ada = api.newUser();
        Account bob = api.newUser();

        api.put(
                        "/api/v1/users/" + ada.id(),
                        ada.key(),
                        Map.of("email", bob.email().toUpperCase(), "name", "A"))
                .problem(409, "email_taken");
    }

    @Test
    void adminDeletesUserAndItsKeysStopWorking() {
        Account ada = api.newUser();

        assertThat(api.delete("/api/v1/users/" + ada.id(), TestApi.ADMIN_KEY).status())
                .isEqualTo(204);

        api.get("/api/v1/users/" + ada.id(), TestApi.ADMIN_KEY).problem(404, "not_found");
        api.get("/api/v1/me", ada.key()).problem(401, "unauthorized");
        api.delete("/api/v1/users/" + ada.id(), TestApi.ADMIN_KEY).problem(404, "not_found");
    }

    /** Only the 8-4-4-4-12 hex form is a UUID, though java.util.UUID reads some of these. */
    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.ValueSource(
            strings = {
                "42",
                "1-1-1-1-1",
                "+1-1-1-1-1",
                "00000000-0000-0000-0000-00000000000G",
                "00000000-0000-0000-0000-000000000000%20",
                "%2000000000-0000-0000-0000-000000000000",
                "0000000000000000000000000000000000000000000000000",
                "00000000000000000000000000000000"
            })
    void nonUuidIdIsMalformedRequest(String id) {
        api.get("/api/v1/users/" + id, TestApi.ADMIN_KEY).problem(400, "malformed_request");
    }

    @Test
    void uuidsAreReadInEitherCase() {
        Account ada = api.newUser();

        Response user = api.get("/api/v1/users/" + ada.id().toString().toUpperCase(), TestApi.ADMIN_KEY);

        assertThat(user.status()).isEqualTo(200);
        assertThat(user.json().path("id").asString()).isEqualTo(ada.id().toString());
    }

    private static Map<String, Object> mapWithNull(String nullKey, String key, Object value) {
        Map<String, Object> map = new HashMap<>();
        map.put(nullKey, null);
        map.put(key, value);
        return map;
    }
}
