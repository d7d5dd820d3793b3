package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Payer;
import dev.bursar.support.TestApi.Response;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * A client that accepts only {@code application/problem+json} (it reads problem details and
 * nothing else) still has its requests served: every error outcome is the problem itself, a 204
 * just happens, and a success with a body is sent as {@code application/json}.
 */
@IntegrationTest
class ProblemOnlyAcceptIT {

    private static final Map<String, String> PROBLEM_ONLY = Map.of("Accept", "application/problem+json");

    @Autowired
    TestApi api;

    /** One operation sent with Accept: application/problem+json, and what it must do. */
    record Case(String name, Function<TestApi, Outcome> run) {

        @Override
        public String toString() {
            return name;
        }
    }

    /** The response and a check of the state it must have left behind. */
    record Outcome(Response response, Consumer<TestApi> after) {}

    static Stream<Case> operations() {
        return Stream.of(
                new Case("204 delete user", api -> {
                    UUID id = api.newUser().id();
                    Response response =
                            api.send("DELETE", "/api/v1/users/" + id, TestApi.ADMIN_KEY, null, PROBLEM_ONLY);
                    assertThat(response.status()).as(response.body()).isEqualTo(204);
                    assertThat(response.body()).isEmpty();
                    return new Outcome(
                            response,
                            a -> a.get("/api/v1/users/" + id, TestApi.ADMIN_KEY).problem(404, "not_found"));
                }),
                new Case("204 revoke key", api -> {
                    Account user = api.newUser();
                    TestApi.IssuedKey key = api.issueKey(user.id(), TestApi.ADMIN_KEY);
                    String path = "/api/v1/users/" + user.id() + "/api-keys/" + key.id();
                    Response response = api.send("DELETE", path, TestApi.ADMIN_KEY, null, PROBLEM_ONLY);
                    assertThat(response.status()).as(response.body()).isEqualTo(204);
                    return new Outcome(
                            response, a -> a.get("/api/v1/me", key.secret()).problem(401, "unauthorized"));
                }),
                new Case("422 transfer", api -> {
                    Payer payer = api.newPayer(100);
                    Response response = api.send(
                            "POST",
                            "/api/v1/transfers",
                            payer.key(),
                            TestApi.transferBody(payer.from(), payer.to(), 101, "EUR"),
                            PROBLEM_ONLY);
                    response.problem(422, "insufficient_funds");
                    return new Outcome(
                            response, a -> assertThat(a.balance(payer.from())).isEqualTo(100));
                }),
                new Case("404 unknown user", api -> {
                    Response response = api.send(
                            "GET", "/api/v1/users/" + UUID.randomUUID(), TestApi.ADMIN_KEY, null, PROBLEM_ONLY);
                    response.problem(404, "not_found");
                    return new Outcome(response, a -> {});
                }),
                new Case("400 blank name", api -> {
                    Response response = api.send(
                            "POST",
                            "/api/v1/users",
                            TestApi.ADMIN_KEY,
                            Map.of("email", "blank-" + UUID.randomUUID() + "@example.com", "name", " "),
                            PROBLEM_ONLY);
                    assertThat(response.problem(400, "validation_failed")
                                    .path("errors")
                                    .path(0)
                                    .path("field")
                                    .asString())
                            .isEqualTo("name");
                    return new Outcome(response, a -> {});
                }),
                new Case("401 no key", api -> {
                    Response response = api.send("GET", "/api/v1/me", null, null, PROBLEM_ONLY);
                    response.problem(401, "unauthorized");
                    assertThat(response.header("WWW-Authenticate")).isEqualTo("Bearer");
                    return new Outcome(response, a -> {});
                }),
                new Case("403 user lists users", api -> {
                    Response response =
                            api.send("GET", "/api/v1/users", api.newUser().key(), null, PROBLEM_ONLY);
                    response.problem(403, "forbidden");
                    return new Outcome(response, a -> {});
                }));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operations")
    void aProblemOnlyClientGetsTheOutcomeItself(Case operation) {
        Outcome outcome = operation.run().apply(api);

        outcome.after().accept(api);
    }

    @Test
    void aSuccessfulTransferHappensAndIsAnsweredAsJson() {
        Payer payer = api.newPayer(100);

        Response response = api.send(
                "POST",
                "/api/v1/transfers",
                payer.key(),
                TestApi.transferBody(payer.from(), payer.to(), 40, "EUR"),
                PROBLEM_ONLY);

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json().path("amount").asLong()).isEqualTo(40);
        assertThat(api.balance(payer.from())).isEqualTo(60);
    }

    @Test
    void aReadIsAnsweredAsJson() {
        Response response = api.send("GET", "/api/v1/me", TestApi.ADMIN_KEY, null, PROBLEM_ONLY);

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        assertThat(response.contentType()).startsWith("application/json");
        assertThat(response.json().path("role").asString()).isEqualTo("admin");
    }

    @Test
    void anAcceptNamingNeitherJsonNorProblemsIsStillRefused() {
        Response response = api.send("GET", "/api/v1/me", TestApi.ADMIN_KEY, null, Map.of("Accept", "text/html"));

        response.problem(406, "not_acceptable");
    }
}
