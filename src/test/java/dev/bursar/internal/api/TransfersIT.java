package dev.bursar.internal.api;

import static dev.bursar.support.LedgerAssertions.assertJournalChain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Payer;
import dev.bursar.support.TestApi.Response;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalManagementPort;
import tools.jackson.databind.JsonNode;

@IntegrationTest
class TransfersIT {

    @LocalManagementPort
    int managementPort;

    @Autowired
    TestApi api;

    @Test
    void depositTransferAndWithdrawalMoveMoneyAndJournalIt() {
        Account ada = api.newUser();
        Account bob = api.newUser();
        UUID adas = api.openAccount(ada.key(), "EUR");
        UUID bobs = api.openAccount(bob.key(), "EUR");

        Response deposit = api.post(
                "/api/v1/accounts/" + adas + "/deposits",
                TestApi.ADMIN_KEY,
                Map.of("amount", 10_000, "description", "salary"));
        assertThat(deposit.status()).isEqualTo(201);
        assertThat(deposit.json().path("kind").asString()).isEqualTo("deposit");
        assertThat(deposit.json().path("to_account_id").asString()).isEqualTo(adas.toString());
        assertThat(deposit.json().path("currency").asString()).isEqualTo("EUR");

        Response transfer = api.post(
                "/api/v1/transfers",
                ada.key(),
                Map.of(
                        "from_account_id",
                        adas.toString(),
                        "to_account_id",
                        bobs.toString(),
                        "amount",
                        2_500,
                        "currency",
                        "EUR",
                        "description",
                        "rent"));
        assertThat(transfer.status()).isEqualTo(201);
        JsonNode body = transfer.json();
        assertThat(transfer.header("Location"))
                .isEqualTo("/api/v1/transfers/" + body.path("id").asString());
        assertThat(body.path("kind").asString()).isEqualTo("transfer");
        assertThat(body.path("from_account_id").asString()).isEqualTo(adas.toString());
        assertThat(body.path("to_account_id").asString()).isEqualTo(bobs.toString());
        assertThat(body.path("amount").asLong()).isEqualTo(2_500);
        assertThat(body.path("currency").asString()).isEqualTo("EUR");
        assertThat(body.path("description").asString()).isEqualTo("rent");
        assertThat(body.path("created_at").asString()).isNotBlank();

        Response withdrawal =
                api.post("/api/v1/accounts/" + bobs + "/withdrawals", TestApi.ADMIN_KEY, Map.of("amount", 500));
        assertThat(withdrawal.status()).isEqualTo(201);
        assertThat(withdrawal.json().path("kind").asString()).isEqualTo("withdrawal");
        assertThat(withdrawal.json().path("description").isNull()).isTrue();

        assertThat(api.balance(adas)).isEqualTo(7_500);
        assertThat(api.balance(bobs)).isEqualTo(2_000);

        List<JsonNode> newestFirst = api.get("/api/v1/accounts/" + bobs + "/entries", bob.key())
                .json()
                .path("data")
                .valueStream()
                .toList();
        assertThat(newestFirst).extracting(e -> e.path("amount").asLong()).containsExactly(-500L, 2_500L);
        assertThat(newestFirst)
                .extracting(e -> e.path("balance_after").asLong())
                .containsExactly(2_000L, 2_500L);
        assertThat(newestFirst.get(1).path("transfer_id").asString())
                .isEqualTo(body.path("id").asString());
        assertThat(newestFirst.get(0).path("id").asString()).isNotBlank();
        assertThat(newestFirst.get(0).path("created_at").asString()).isNotBlank();
        assertJournalChain(api, adas);
        assertJournalChain(api, bobs);
    }

    @Test
    void everyTransferHasTwoEntriesSummingToZero() {
        Payer ada = api.newPayer(1000);
        String transferId = api.transfer(ada.key(), ada.from(), ada.to(), 300, "EUR")
                .json()
                .path("id")
                .asString();

        List<JsonNode> entries = Stream.of(ada.from(), ada.to())
                .flatMap(id -> api.readAll("/api/v1/accounts/" + id + "/entries", ada.key(), 10).stream())
                .filter(e -> e.path("transfer_id").asString().equals(transferId))
                .toList();
        assertThat(entries).hasSize(2);
        assertThat(entries.stream().mapToLong(e -> e.path("amount").asLong()).sum())
                .isZero();
    }

    @Test
    void transfersAreVisibleToTheOwnersOfEitherAccountAndAdmins() {
        Account ada = api.newUser();
        Account bob = api.newUser();
        Account eve = api.newUser();
        UUID adas = api.openAccount(ada.key(), "EUR");
        UUID bobs = api.openAccount(bob.key(), "EUR");
        api.deposit(adas, 100);
        String path = "/api/v1/transfers/"
                + api.transfer(ada.key(), adas, bobs, 10, "EUR")
                        .json()
                        .path("id")
                        .asString();

        assertThat(api.get(path, ada.key()).status()).isEqualTo(200);
        assertThat(api.get(path, bob.key()).status()).isEqualTo(200);
        assertThat(api.get(path, TestApi.ADMIN_KEY).status()).isEqualTo(200);
        api.get(path, eve.key()).problem(404, "not_found");
        api.get("/api/v1/transfers/" + UUID.randomUUID(), TestApi.ADMIN_KEY).problem(404, "not_found");
    }

    @Test
    void insufficientFundsMovesNothing() {
        Payer ada = api.newPayer(100);

        api.transfer(ada.key(), ada.from(), ada.to(), 101, "EUR").problem(422, "insufficient_funds");
        api.post("/api/v1/accounts/" + ada.from() + "/withdrawals", TestApi.ADMIN_KEY, Map.of("amount", 101))
                .problem(422, "insufficient_funds");

        assertThat(api.balance(ada.from())).isEqualTo(100);
        assertThat(api.balance(ada.to())).isZero();
        assertThat(api.transfer(ada.key(), ada.from(), ada.to(), 100, "EUR").status())
                .as("the whole balance may go")
                .isEqualTo(201);
        assertThat(api.balance(ada.from())).isZero();
    }

    @Test
    void currenciesMustMatch() {
        Account ada = api.newUser();
        UUID euros = api.openAccount(ada.key(), "EUR");
        UUID dollars = api.openAccount(ada.key(), "USD");
        UUID moreEuros = api.openAccount(ada.key(), "EUR");
        api.deposit(euros, 100);

        api.transfer(ada.key(), euros, dollars, 10, "EUR").problem(422, "currency_mismatch");
        api.transfer(ada.key(), euros, moreEuros, 10, "USD").problem(422, "currency_mismatch");
        assertThat(api.balance(euros)).isEqualTo(100);
    }

    @Test
    void sameAccountIsRefused() {
        Account ada = api.newUser();
        UUID a = api.openAccount(ada.key(), "EUR");
        api.deposit(a, 100);

        api.transfer(ada.key(), a, a, 10, "EUR").problem(422, "same_account");
    }

    @Test
    void usersMoveMoneyOnlyFromTheirOwnAccounts() {
        Account ada = api.newUser();
        Account bob = api.newUser();
        UUID adas = api.openAccount(ada.key(), "EUR");
        UUID bobs = api.openAccount(bob.key(), "EUR");
        api.deposit(adas, 100);
        api.deposit(bobs, 100);

        api.transfer(ada.key(), bobs, adas, 10, "EUR").problem(404, "not_found");
        api.transfer(ada.key(), adas, UUID.randomUUID(), 10, "EUR").problem(404, "not_found");
        api.transfer(ada.key(), UUID.randomUUID(), adas, 10, "EUR").problem(404, "not_found");
        assertThat(api.transfer(TestApi.ADMIN_KEY, bobs, adas, 10, "EUR").status())
                .as("admins may")
                .isEqualTo(201);
        assertThat(api.balance(bobs)).isEqualTo(90);
    }

    @Test
    void usersCannotReachSystemAccounts() {
        Account ada = api.newUser();
        UUID adas = api.openAccount(ada.key(), "NOK");
        UUID deposit = api.deposit(adas, 100);
        UUID system = UUID.fromString(api.get("/api/v1/transfers/" + deposit, TestApi.ADMIN_KEY)
                .json()
                .path("from_account_id")
                .asString());

        api.transfer(ada.key(), adas, system, 10, "NOK").problem(404, "not_found");
        api.transfer(ada.key(), system, adas, 10, "NOK").problem(404, "not_found");
        assertThat(api.balance(adas)).isEqualTo(100);
    }

    @Test
    void depositsAndWithdrawalsAreForAdmins() {
        Account ada = api.newUser();
        UUID adas = api.openAccount(ada.key(), "EUR");

        api.post("/api/v1/accounts/" + adas + "/deposits", ada.key(), Map.of("amount", 100))
                .problem(403, "forbidden");
        api.post("/api/v1/accounts/" + adas + "/withdrawals", ada.key(), Map.of("amount", 1))
                .problem(403, "forbidden");
        api.post("/api/v1/accounts/" + UUID.randomUUID() + "/deposits", TestApi.ADMIN_KEY, Map.of("amount", 100))
                .problem(404, "not_found");
        assertThat(api.balance(adas)).isZero();
    }

    static Stream<Arguments> invalidTransfers() {
        UUID a = UUID.randomUUID();
        UUID b = UUID.randomUUID();
        return Stream.of(
                Arguments.of("zero amount", transfer(a, b, 0L, "EUR"), "amount"),
                Arguments.of("negative amount", transfer(a, b, -5L, "EUR"), "amount"),
                Arguments.of("amount over 2^53-1", transfer(a, b, 9_007_199_254_740_992L, "EUR"), "amount"),
                Arguments.of("missing amount", without(transfer(a, b, 1L, "EUR"), "amount"), "amount"),
                Arguments.of("missing currency", without(transfer(a, b, 1L, "EUR"), "currency"), "currency"),
                Arguments.of("unknown currency", transfer(a, b, 1L, "XYZ"), "currency"),
                Arguments.of("lower case currency", transfer(a, b, 1L, "eur"), "currency"),
                Arguments.of(
                        "missing source", without(transfer(a, b, 1L, "EUR"), "from_account_id"), "from_account_id"),
                Arguments.of(
                        "missing destination", without(transfer(a, b, 1L, "EUR"), "to_account_id"), "to_account_id"),
                Arguments.of(
                        "description over 500",
                        with(transfer(a, b, 1L, "EUR"), "description", "d".repeat(501)),
                        "description"),
                Arguments.of(
                        "control character",
                        with(transfer(a, b, 1L, "EUR"), "description", "a\u001Fb"),
                        "description"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidTransfers")
    void invalidTransferIsValidationFailed(String rule, Map<String, Object> body, String field) {
        JsonNode problem =
                api.post("/api/v1/transfers", TestApi.ADMIN_KEY, body).problem(400, "validation_failed");
        assertThat(problem.path("errors").findValuesAsString("field")).containsExactly(field);
    }

    static Stream<Arguments> malformedTransfers() {
        String a = UUID.randomUUID().toString();
        String b = UUID.randomUUID().toString();
        String base = "\"from_account_id\":\"" + a + "\",\"to_account_id\":\"" + b + "\",\"currency\":\"EUR\"";
        return Stream.of(
                Arguments.of("fractional amount", "{" + base + ",\"amount\":1.5}"),
                Arguments.of("amount as text", "{" + base + ",\"amount\":\"100\"}"),
                Arguments.of("amount as exponent", "{" + base + ",\"amount\":1e3}"),
                Arguments.of("amount beyond 64 bits", "{" + base + ",\"amount\":99999999999999999999}"),
                Arguments.of(
                        "non-UUID account",
                        "{\"from_account_id\":\"acc-1\",\"to_account_id\":\"" + b
                                + "\",\"currency\":\"EUR\",\"amount\":1}"),
                Arguments.of(
                        "account id as base64 bytes",
                        "{\"from_account_id\":\"AAAAAAAAAAAAAAAAAAAAAA==\"," + "\"to_account_id\":\"" + b
                                + "\",\"currency\":\"EUR\",\"amount\":1}"),
                Arguments.of("unknown field", "{" + base + ",\"amount\":1,\"fee\":0}"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedTransfers")
    void malformedTransferIsMalformedRequest(String what, String body) {
        api.post("/api/v1/transfers", TestApi.ADMIN_KEY, body).problem(400, "malformed_request");
    }

    @Test
    void depositAmountsAreValidated() {
        Account ada = api.newUser();
        UUID adas = api.openAccount(ada.key(), "EUR");

        api.post("/api/v1/accounts/" + adas + "/deposits", TestApi.ADMIN_KEY, Map.of("amount", 0))
                .problem(400, "validation_failed");
        api.post("/api/v1/accounts/" + adas + "/deposits", TestApi.ADMIN_KEY, Map.of("amount", 1, "currency", "EUR"))
                .problem(400, "malformed_request");
        api.post("/api/v1/accounts/" + adas + "/withdrawals", TestApi.ADMIN_KEY, Map.of())
                .problem(400, "validation_failed");
    }

    @Test
    void balanceOverflowIsRefused() throws Exception {
        // A currency no other test uses, so that its system account is this test's alone.
        Account ada = api.newUser();
        UUID account = api.openAccount(ada.key(), "CHF");
        long max = 9_007_199_254_740_991L;
        // 1024 deposits of 2^53-1 come to 2^63-1024: just inside the signed 64-bit range.
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Integer>>> statuses = new ArrayList<>();
            for (int client = 0; client < 16; client++) {
                statuses.add(clients.submit(() -> Stream.generate(() -> api.post(
                                        "/api/v1/accounts/" + account + "/deposits",
                                        TestApi.ADMIN_KEY,
                                        Map.of("amount", max))
                                .status())
                        .limit(64)
                        .toList()));
            }
            for (Future<List<Integer>> status : statuses) {
                assertThat(status.get()).hasSize(64).containsOnly(201);
            }
        }
        assertThat(api.balance(account)).isEqualTo(1024 * max);

        api.post("/api/v1/accounts/" + account + "/deposits", TestApi.ADMIN_KEY, Map.of("amount", max))
                .problem(422, "balance_overflow");
        assertThat(api.balance(account)).isEqualTo(1024 * max);
        assertThat(api.post("/api/v1/accounts/" + account + "/deposits", TestApi.ADMIN_KEY, Map.of("amount", 1023))
                        .status())
                .isEqualTo(201);
        assertThat(api.balance(account)).isEqualTo(Long.MAX_VALUE);
        api.post("/api/v1/accounts/" + account + "/deposits", TestApi.ADMIN_KEY, Map.of("amount", 1))
                .problem(422, "balance_overflow");
    }

    @Test
    void transfersAreCountedAndTimedForPrometheus() {
        Account ada = api.newUser();
        UUID a = api.openAccount(ada.key(), "EUR");
        UUID b = api.openAccount(ada.key(), "EUR");
        api.deposit(a, 10);
        api.transfer(ada.key(), a, b, 5, "EUR");
        api.transfer(ada.key(), a, b, 50, "EUR");

        String metrics = TestApi.management(managementPort)
                .get("/actuator/prometheus", null)
                .body();

        assertThat(metrics)
                .containsPattern("bursar_transfers_total\\{.*kind=\"transfer\".*outcome=\"success\".*} [1-9]");
        assertThat(metrics)
                .containsPattern("bursar_transfers_total\\{.*kind=\"transfer\".*outcome=\"insufficient_funds\"");
        assertThat(metrics).containsPattern("bursar_transfers_total\\{.*kind=\"deposit\".*outcome=\"success\"");
        assertThat(metrics).contains("bursar_transfer_duration_seconds_bucket{");
        assertThat(metrics).containsPattern("bursar_transfer_duration_seconds_count\\{.*kind=\"transfer\"");
        assertThat(metrics).contains("bursar_ledger_batch_size_count");
    }

    private static Map<String, Object> transfer(UUID from, UUID to, Long amount, String currency) {
        Map<String, Object> body = new HashMap<>();
        body.put("from_account_id", from.toString());
        body.put("to_account_id", to.toString());
        body.put("amount", amount);
        body.put("currency", currency);
        return body;
    }

    private static Map<String, Object> without(Map<String, Object> body, String field) {
        body.remove(field);
        return body;
    }

    private static Map<String, Object> with(Map<String, Object> body, String field, Object value) {
        body.put(field, value);
        return body;
    }
}
