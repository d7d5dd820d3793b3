package dev.bursar.internal.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Payer;
import dev.bursar.support.TestApi.Response;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A percent-encoded spelling of a path reaches the same handler as the plain one, so it must meet
 * the same rules: authentication, admin-only routes, and Idempotency-Key on the routes that move money.
 */
@IntegrationTest
class EncodedPathsIT {

    @Autowired
    TestApi api;

    Payer ada;

    @BeforeEach
    void setUp() {
        ada = api.newPayer(1_000);
    }

    enum Movement {
        TRANSFER,
        DEPOSIT,
        WITHDRAWAL
    }

    /** {from} and {to} stand for the test's accounts; {from0} for the first character of {from}, encoded. */
    static Stream<Arguments> encodedMoneyRoutes() {
        return Stream.of(
                Arguments.of(Movement.TRANSFER, "/api/v1/%74ransfers"),
                Arguments.of(Movement.TRANSFER, "/api/v1/transfer%73"),
                Arguments.of(Movement.TRANSFER, "/api/v1/%74%72%61%6E%73%66%65%72%73"),
                Arguments.of(Movement.TRANSFER, "/api/%761/transfers"),
                Arguments.of(Movement.TRANSFER, "/%61pi/v1/transfers"),
                Arguments.of(Movement.DEPOSIT, "/api/v1/accounts/{to}/%64eposits"),
                Arguments.of(Movement.DEPOSIT, "/api/v1/%61ccounts/{to}/deposits"),
                Arguments.of(Movement.DEPOSIT, "/%61pi/v1/accounts/{to}/deposits"),
                Arguments.of(Movement.WITHDRAWAL, "/api/v1/accounts/{from}/%77ithdrawals"),
                Arguments.of(Movement.WITHDRAWAL, "/api/v1/accounts/{from0}/withdrawals"),
                Arguments.of(Movement.WITHDRAWAL, "/api/v1/accounts/{from}/withdrawal%73"));
    }

    private String path(String template) {
        String first = ada.from().toString().substring(0, 1);
        return template.replace(
                        "{from0}",
                        "%%%02X".formatted((int) first.charAt(0))
                                + ada.from().toString().substring(1))
                .replace("{from}", ada.from().toString())
                .replace("{to}", ada.to().toString());
    }

    private Response move(Movement movement, String path, String key) {
        return switch (movement) {
            case TRANSFER ->
                api.send(
                        "POST",
                        path,
                        ada.key(),
                        TestApi.transferBody(ada.from(), ada.to(), 100, "EUR"),
                        Map.of("Idempotency-Key", key));
            case DEPOSIT, WITHDRAWAL ->
                api.send("POST", path, TestApi.ADMIN_KEY, Map.of("amount", 100), Map.of("Idempotency-Key", key));
        };
    }

    private void assertMovedOnce(Movement movement) {
        switch (movement) {
            case TRANSFER -> {
                assertThat(api.balance(ada.from())).isEqualTo(900);
                assertThat(api.balance(ada.to())).isEqualTo(100);
            }
            case DEPOSIT -> assertThat(api.balance(ada.to())).isEqualTo(100);
            case WITHDRAWAL -> assertThat(api.balance(ada.from())).isEqualTo(900);
        }
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("encodedMoneyRoutes")
    void anEncodedMoneyRouteWithTheSameKeyMovesMoneyOnce(Movement movement, String template) {
        String key = "encoded-" + UUID.randomUUID();

        Response first = move(movement, path(template), key);
        Response again = move(movement, path(template), key);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertMovedOnce(movement);
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("encodedMoneyRoutes")
    void plainAndEncodedSpellingsWithOneKeyAreOneRequest(Movement movement, String template) {
        String plain = switch (movement) {
            case TRANSFER -> "/api/v1/transfers";
            case DEPOSIT -> "/api/v1/accounts/" + ada.to() + "/deposits";
            case WITHDRAWAL -> "/api/v1/accounts/" + ada.from() + "/withdrawals";
        };
        String key = "spellings-" + UUID.randomUUID();

        Response first = move(movement, plain, key);
        Response again = move(movement, path(template), key);

        assertThat(first.status()).as(first.body()).isEqualTo(201);
        assertThat(again.status()).as(again.body()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertMovedOnce(movement);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/%61pi/v1/me", "/api/v1/%6De", "/%61%70%69/v1/me"})
    void anEncodedApiPathIsAuthenticated(String path) {
        Response me = api.get(path, ada.key());
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        assertThat(me.json().path("id").asString()).isEqualTo(ada.id().toString());

        api.get(path, null).problem(401, "unauthorized");
        api.get(path, "bsr_not_a_real_key_" + UUID.randomUUID()).problem(401, "unauthorized");
    }

    @Test
    void adminOnlyRoutesRefuseUsersWhateverTheSpelling() {
        Account bob = api.newUser();
        String email = "user-" + UUID.randomUUID() + "@example.com";

        api.send("POST", "/api/v1/%75sers", ada.key(), Map.of("email", email, "name", "Eve"), Map.of())
                .problem(403, "forbidden");
        api.get("/api/v1/%75sers", ada.key()).problem(403, "forbidden");
        api.get("/%61pi/v1/users", ada.key()).problem(403, "forbidden");
        api.delete("/api/v1/%75sers/" + bob.id(), ada.key()).problem(403, "forbidden");
        api.send("PATCH", "/api/v1/%61ccounts/" + ada.from(), ada.key(), Map.of("status", "frozen"), Map.of())
                .problem(403, "forbidden");
        api.post("/api/v1/accounts/" + ada.from() + "/%64eposits", ada.key(), Map.of("amount", 100))
                .problem(403, "forbidden");
        api.post("/%61pi/v1/accounts/" + ada.from() + "/deposits", ada.key(), Map.of("amount", 100))
                .problem(403, "forbidden");
        api.post("/api/v1/accounts/" + ada.from() + "/%77ithdrawals", ada.key(), Map.of("amount", 100))
                .problem(403, "forbidden");

        assertThat(api.get("/api/v1/users/" + bob.id(), TestApi.ADMIN_KEY).status())
                .as("bob still exists")
                .isEqualTo(200);
        assertThat(api.get("/api/v1/accounts/" + ada.from(), ada.key())
                        .json()
                        .path("status")
                        .asString())
                .isEqualTo("active");
        assertThat(api.balance(ada.from())).isEqualTo(1_000);
    }
}
