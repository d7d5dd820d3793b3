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
class AccountsIT {

    @Autowired
    TestApi api;

    @Test
    void userOpensAnEmptyActiveAccount() {
        Account ada = api.newUser();

        Response created = api.post("/api/v1/accounts", ada.key(), Map.of("currency", "EUR", "name", "Savings"));

        assertThat(created.status()).isEqualTo(201);
        JsonNode account = created.json();
        assertThat(created.header("Location"))
                .isEqualTo("/api/v1/accounts/" + account.path("id").asString());
        assertThat(account.path("kind").asString()).isEqualTo("user");
        assertThat(account.path("owner_id").asString()).isEqualTo(ada.id().toString());
        assertThat(account.path("name").asString()).isEqualTo("Savings");
        assertThat(account.path("currency").asString()).isEqualTo("EUR");
        assertThat(account.path("balance").asLong()).isZero();
        assertThat(account.path("status").asString()).isEqualTo("active");
        assertThat(account.path("created_at").asString()).isNotBlank();
        assertThat(account.path("updated_at").asString()).isNotBlank();
        assertThat(api.get(created.header("Location"), ada.key()).json()).isEqualTo(account);
        assertThat(api.post("/api/v1/accounts", ada.key(), Map.of("currency", "JPY"))
                        .json()
                        .path("name")
                        .isNull())
                .isTrue();
    }

    @Test
    void adminOpensAccountsForOthersUsersOnlyForThemselves() {
        Account ada = api.newUser();
        Account bob = api.newUser();

        Response forAda = api.post(
                "/api/v1/accounts",
                TestApi.ADMIN_KEY,
                Map.of("currency", "USD", "owner_id", ada.id().toString()));
        assertThat(forAda.json().path("owner_id").asString()).isEqualTo(ada.id().toString());

        api.post(
                        "/api/v1/accounts",
                        bob.key(),
                        Map.of("currency", "USD", "owner_id", ada.id().toString()))
                .problem(403, "forbidden");
        api.post(
                        "/api/v1/accounts",
                        bob.key(),
                        Map.of("currency", "USD", "owner_id", bob.id().toString()))
                .problem(403, "forbidden");
        api.post(
                        "/api/v1/accounts",
                        TestApi.ADMIN_KEY,
                        Map.of("currency", "USD", "owner_id", UUID.randomUUID().toString()))
                .problem(404, "not_found");
    }

    static Stream<Arguments> invalidAccounts() {
        return Stream.of(
                Arguments.of("missing currency", Map.of("name", "x"), "currency"),
                Arguments.of("lower case currency", Map.of("currency", "usd"), "currency"),
                Arguments.of("unknown currency", Map.of("currency", "ABC"), "currency"),
                Arguments.of("four letters", Map.of("currency", "EURO"), "currency"),
                Arguments.of("name over 200", Map.of("currency", "EUR", "name", "n".repeat(201)), "name"),
                Arguments.of("control character in name", Map.of("currency", "EUR", "name", "a\u0000b"), "name"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidAccounts")
    void invalidAccountIsValidationFailed(String rule, Map<String, Object> body, String field) {
        JsonNode problem = api.post("/api/v1/accounts", TestApi.ADMIN_KEY, body).problem(400, "validation_failed");
        assertThat(problem.path("errors").findValuesAsString("field")).containsExactly(field);
    }

    @Test
    void clientsCannotSetBalanceOrMalformedOwner() {
        api.post("/api/v1/accounts", TestApi.ADMIN_KEY, Map.of("currency", "EUR", "balance", 1000))
                .problem(400, "malformed_request");
        api.post("/api/v1/accounts", TestApi.ADMIN_KEY, Map.of("currency", "EUR", "owner_id", "me"))
                .problem(400, "malformed_request");
    }

    @Test
    void accountsAreVisibleToOwnerAndAdminOnly() {
        Account ada = api.newUser();
        Account bob = api.newUser();
        UUID account = api.openAccount(ada.key(), "EUR");

        assertThat(api.get("/api/v1/accounts/" + account, ada.key()).status()).isEqualTo(200);
        assertThat(api.get("/api/v1/accounts/" + account, TestApi.ADMIN_KEY).status())
                .isEqualTo(200);
        api.get("/api/v1/accounts/" + account, bob.key()).problem(404, "not_found");
        api.get("/api/v1/accounts/" + account + "/entries", bob.key()).problem(404, "not_found");
        api.get("/api/v1/accounts/" + UUID.randomUUID(), TestApi.ADMIN_KEY).problem(404, "not_found");
    }

    @Test
    void usersListTheirOwnAccountsAdminsFilterByOwner() {
        Account ada = api.newUser();
        Account bob = api.newUser();
        List<String> adas = Stream.of("EUR", "USD", "JPY")
                .map(c -> api.openAccount(ada.key(), c).toString())
                .toList();
        api.openAccount(bob.key(), "EUR");

        List<JsonNode> seenByAda = api.readAll("/api/v1/accounts", ada.key(), 2);
        assertThat(seenByAda).extracting(a -> a.path("id").asString()).containsExactlyElementsOf(adas);

        List<JsonNode> adasByAdmin = api.readAll("/api/v1/accounts?owner_id=" + ada.id(), TestApi.ADMIN_KEY, 2);
        assertThat(adasByAdmin).extracting(a -> a.path("id").asString()).containsExactlyElementsOf(adas);
        assertThat(api.readAll("/api/v1/accounts", TestApi.ADMIN_KEY, 100).stream()
                        .map(a -> a.path("owner_id").asString()))
                .contains(ada.id().toString(), bob.id().toString());

        api.get("/api/v1/accounts?owner_id=" + bob.id(), ada.key()).problem(403, "forbidden");
        api.get("/api/v1/accounts?kind=system", ada.key()).problem(403, "forbidden");
        api.get("/api/v1/accounts?kind=savings", TestApi.ADMIN_KEY).problem(400, "validation_failed");
        api.get("/api/v1/accounts?owner_id=nobody", TestApi.ADMIN_KEY).problem(400, "validation_failed");
        api.get("/api/v1/accounts?owner_id=1-1-1-1-1", TestApi.ADMIN_KEY).problem(400, "validation_failed");
        api.get("/api/v1/accounts?owner_id=%20" + ada.id(), TestApi.ADMIN_KEY).problem(400, "validation_failed");
    }

    @Test
    void cursorIsBoundToItsFilters() {
        Account ada = api.newUser();
        api.openAccount(ada.key(), "EUR");
        api.openAccount(ada.key(), "EUR");
        String cursor = api.get("/api/v1/accounts?limit=1&owner_id=" + ada.id(), TestApi.ADMIN_KEY)
                .json()
                .path("next_cursor")
                .asString();

        assertThat(api.get("/api/v1/accounts?limit=1&owner_id=" + ada.id() + "&cursor=" + cursor, TestApi.ADMIN_KEY)
                        .status())
                .isEqualTo(200);
        api.get("/api/v1/accounts?limit=1&cursor=" + cursor, TestApi.ADMIN_KEY).problem(400, "validation_failed");
    }

    @Test
    void systemAccountsAreForAdminsOnly() {
        Account ada = api.newUser();
        UUID account = api.openAccount(ada.key(), "SEK");
        UUID deposit = api.deposit(account, 500);
        String systemId = api.get("/api/v1/transfers/" + deposit, TestApi.ADMIN_KEY)
                .json()
                .path("from_account_id")
                .asString();

        JsonNode system =
                api.get("/api/v1/accounts/" + systemId, TestApi.ADMIN_KEY).json();
        assertThat(system.path("kind").asString()).isEqualTo("system");
        assertThat(system.path("owner_id").isNull()).isTrue();
        assertThat(system.path("currency").asString()).isEqualTo("SEK");
        assertThat(system.path("balance").asLong()).isNegative();
        api.get("/api/v1/accounts/" + systemId, ada.key()).problem(404, "not_found");
        assertThat(api.readAll("/api/v1/accounts?kind=system", TestApi.ADMIN_KEY, 100))
                .extracting(a -> a.path("id").asString())
                .contains(systemId);
        assertThat(api.readAll("/api/v1/accounts", TestApi.ADMIN_KEY, 100))
                .extracting(a -> a.path("kind").asString())
                .containsOnly("user");
        assertThat(api.get("/api/v1/accounts/" + systemId + "/entries", TestApi.ADMIN_KEY)
                        .status())
                .isEqualTo(200);
    }

    @Test
    void adminFreezesUnfreezesAndClosesAccounts() {
        Account ada = api.newUser();
        UUID account = api.openAccount(ada.key(), "EUR");
        UUID other = api.openAccount(ada.key(), "EUR");
        api.deposit(account, 1000);

        assertThat(patch(account, "frozen", TestApi.ADMIN_KEY)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("frozen");
        api.transfer(ada.key(), account, other, 10, "EUR").problem(422, "account_inactive");
        api.transfer(ada.key(), other, account, 10, "EUR").problem(422, "account_inactive");
        api.post("/api/v1/accounts/" + account + "/deposits", TestApi.ADMIN_KEY, Map.of("amount", 1))
                .problem(422, "account_inactive");
        assertThat(patch(account, "active", TestApi.ADMIN_KEY)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("active");
        assertThat(api.transfer(ada.key(), account, other, 10, "EUR").status()).isEqualTo(201);

        patch(account, "closed", TestApi.ADMIN_KEY).problem(409, "account_not_empty");
        api.post("/api/v1/accounts/" + account + "/withdrawals", TestApi.ADMIN_KEY, Map.of("amount", 990));
        assertThat(patch(account, "closed", TestApi.ADMIN_KEY)
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("closed");
        patch(account, "active", TestApi.ADMIN_KEY).problem(409, "account_closed");
        patch(account, "closed", TestApi.ADMIN_KEY).problem(409, "account_closed");
        api.transfer(ada.key(), other, account, 1, "EUR").problem(422, "account_inactive");
    }

    @Test
    void statusChangesAreForAdminsAndValidated() {
        Account ada = api.newUser();
        UUID account = api.openAccount(ada.key(), "EUR");

        patch(account, "frozen", ada.key()).problem(403, "forbidden");
        patch(account, "dormant", TestApi.ADMIN_KEY).problem(400, "malformed_request");
        api.send("PATCH", "/api/v1/accounts/" + account, TestApi.ADMIN_KEY, Map.of(), Map.of())
                .problem(400, "validation_failed");
        Map<String, Object> nullStatus = new HashMap<>();
        nullStatus.put("status", null);
        api.send("PATCH", "/api/v1/accounts/" + account, TestApi.ADMIN_KEY, nullStatus, Map.of())
                .problem(400, "validation_failed");
        patch(UUID.randomUUID(), "frozen", TestApi.ADMIN_KEY).problem(404, "not_found");
        Response mergePatch = api.send(
                "PATCH",
                "/api/v1/accounts/" + account,
                TestApi.ADMIN_KEY,
                "{\"status\":\"frozen\"}",
                Map.of("Content-Type", "application/merge-patch+json"));
        assertThat(mergePatch.status()).isEqualTo(200);
    }

    @Test
    void userWithAccountsCannotBeDeleted() {
        Account ada = api.newUser();
        api.openAccount(ada.key(), "EUR");

        api.delete("/api/v1/users/" + ada.id(), TestApi.ADMIN_KEY).problem(409, "user_has_accounts");
        assertThat(api.get("/api/v1/me", ada.key()).status()).isEqualTo(200);
    }

    private Response patch(UUID account, String status, String key) {
        return api.send("PATCH", "/api/v1/accounts/" + account, key, Map.of("status", status), Map.of());
    }
}
