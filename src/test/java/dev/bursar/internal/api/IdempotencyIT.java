package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.internal.middleware.AcceptsIdempotencyKey;
import dev.bursar.internal.service.Idempotency;
import dev.bursar.internal.service.Ledger;
import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Response;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

@IntegrationTest
class IdempotencyIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    Ledger ledger;

    @Autowired
    @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

    TestApi api;
    Account ada;
    UUID from;
    UUID to;

    @BeforeEach
    void setUp() {
        api = new TestApi(port);
        ada = api.newUser();
        from = api.openAccount(ada.key(), "EUR");
        to = api.openAccount(ada.key(), "EUR");
        api.deposit(from, 1_000);
    }

    private String transferBody(long amount) {
        return "{\"from_account_id\":\"" + from + "\",\"to_account_id\":\"" + to + "\",\"amount\":" + amount
                + ",\"currency\":\"EUR\"}";
    }

    private Response post(String key, String path, String callerKey, String body) {
        return api.send("POST", path, callerKey, body, Map.of("Idempotency-Key", key));
    }

    private Response transfer(String key, String body) {
        return post(key, "/api/v1/transfers", ada.key(), body);
    }

    @Test
    void sameKeyAndRequestReplaysTheFirstResponseAndMovesMoneyOnce() {
        String key = "order-" + UUID.randomUUID();

        Response first = transfer(key, transferBody(100));
        Response again = transfer(key, transferBody(100));

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.header("Idempotent-Replayed")).isNull();
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(again.header("Location")).isEqualTo(first.header("Location"));
        assertThat(again.contentType()).startsWith("application/json");
        assertThat(again.header("X-Request-Id")).isNotEqualTo(first.header("X-Request-Id"));
        assertThat(api.balance(from)).isEqualTo(900);
        assertThat(api.balance(to)).isEqualTo(100);
    }

    @Test
    void whatIsRecordedIsTheTransferMadeNotTheBytesSent() {
        String key = "order-" + UUID.randomUUID();

        Response first = transfer(key, transferBody(100));

        assertThat(jdbc.sql("SELECT transfer_id FROM idempotency_records WHERE key = :key")
                        .param("key", key)
                        .query(UUID.class)
                        .single())
                .hasToString(first.json().get("id").asString());
    }

    /** The outcome was fixed when the money moved: rules that changed since do not change the replay. */
    @Test
    void aReplayAnswersWithTheFirstTransferEvenAfterItsAccountWasFrozen() {
        String key = "order-" + UUID.randomUUID();
        Response first = transfer(key, transferBody(100));
        assertThat(api.send(
                                "PATCH",
                                "/api/v1/accounts/" + from,
                                TestApi.ADMIN_KEY,
                                Map.of("status", "frozen"),
                                Map.of())
                        .status())
                .isEqualTo(200);

        Response again = transfer(key, transferBody(100));

        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(transfer("other-" + UUID.randomUUID(), transferBody(100)).status())
                .as("a new request meets the rule")
                .isEqualTo(422);
        assertThat(api.balance(from)).isEqualTo(900);
    }

    @Test
    void fingerprintIgnoresWhitespaceAndKeyOrder() {
        String key = UUID.randomUUID().toString();
        Response first = transfer(key, transferBody(100));

        String reordered = "{ \"currency\" : \"EUR\",\n \"amount\": 100, \"to_account_id\": \"" + to
                + "\", \"from_account_id\": \"" + from + "\" }";
        Response again = transfer(key, reordered);

        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(first.body());
        assertThat(api.balance(from)).isEqualTo(900);
    }

    @Test
    void sameKeyWithDifferentRequestIsKeyReused() {
        String key = UUID.randomUUID().toString();
        transfer(key, transferBody(100));

        transfer(key, transferBody(200)).problem(422, "idempotency_key_reused");
        post(key, "/api/v1/accounts/" + from + "/deposits", ada.key(), "{\"amount\":100}")
                .problem(403, "forbidden");
        post(key, "/api/v1/accounts/" + to + "/withdrawals", TestApi.ADMIN_KEY, "{\"amount\":1}");

        assertThat(api.balance(from)).isEqualTo(900);
        assertThat(api.balance(to)).isEqualTo(99);
    }

    @Test
    void keysAreScopedToTheCaller() {
        String key = UUID.randomUUID().toString();
        Account bob = api.newUser();
        UUID bobs = api.openAccount(bob.key(), "EUR");
        api.deposit(bobs, 500);

        Response adas = transfer(key, transferBody(100));
        Response bobsTransfer = post(
                key,
                "/api/v1/transfers",
                bob.key(),
                "{\"from_account_id\":\"" + bobs + "\",\"to_account_id\":\"" + to
                        + "\",\"amount\":100,\"currency\":\"EUR\"}");

        assertThat(adas.status()).isEqualTo(201);
        assertThat(bobsTransfer.status()).isEqualTo(201);
        assertThat(bobsTransfer.header("Idempotent-Replayed")).isNull();
        assertThat(bobsTransfer.json().path("id")).isNotEqualTo(adas.json().path("id"));
        assertThat(api.balance(to)).isEqualTo(200);
    }

    @Test
    void refusalsAreStoredAndReplayedToo() {
        String key = UUID.randomUUID().toString();

        Response refused = transfer(key, transferBody(5_000));
        api.deposit(from, 10_000);
        Response again = transfer(key, transferBody(5_000));

        refused.problem(422, "insufficient_funds");
        assertThat(again.status()).isEqualTo(422);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body()).isEqualTo(refused.body());
        assertThat(again.contentType()).startsWith("application/problem+json");
        assertThat(api.balance(from)).isEqualTo(11_000);
    }

    @Test
    void invalidAndNotFoundOutcomesAreStored() {
        String invalid = UUID.randomUUID().toString();
        Response first = transfer(invalid, transferBody(0));
        assertThat(first.status()).isEqualTo(400);
        assertThat(transfer(invalid, transferBody(0)).header("Idempotent-Replayed"))
                .isEqualTo("true");

        String missing = UUID.randomUUID().toString();
        String toNowhere = "{\"from_account_id\":\"" + from + "\",\"to_account_id\":\"" + UUID.randomUUID()
                + "\",\"amount\":1,\"currency\":\"EUR\"}";
        assertThat(transfer(missing, toNowhere).status()).isEqualTo(404);
        Response replayed = transfer(missing, toNowhere);
        assertThat(replayed.status()).isEqualTo(404);
        assertThat(replayed.header("Idempotent-Replayed")).isEqualTo("true");
    }

    @Test
    void refusedByRoleIsNotStored() {
        String key = UUID.randomUUID().toString();

        post(key, "/api/v1/accounts/" + from + "/deposits", ada.key(), "{\"amount\":100}")
                .problem(403, "forbidden");
        Response asAdmin = post(key, "/api/v1/accounts/" + from + "/deposits", TestApi.ADMIN_KEY, "{\"amount\":100}");

        assertThat(asAdmin.status()).isEqualTo(201);
        assertThat(jdbc.sql("SELECT count(*) FROM idempotency_records WHERE key = :key")
                        .param("key", key)
                        .query(Long.class)
                        .single())
                .as("only the admin's request is recorded")
                .isEqualTo(1);
    }

    @Test
    void depositsAndWithdrawalsAreIdempotent() {
        String key = UUID.randomUUID().toString();

        Response first = post(key, "/api/v1/accounts/" + to + "/deposits", TestApi.ADMIN_KEY, "{\"amount\":70}");
        Response again = post(key, "/api/v1/accounts/" + to + "/deposits", TestApi.ADMIN_KEY, "{\"amount\":70}");
        String other = UUID.randomUUID().toString();
        post(other, "/api/v1/accounts/" + to + "/withdrawals", TestApi.ADMIN_KEY, "{\"amount\":30}");
        post(other, "/api/v1/accounts/" + to + "/withdrawals", TestApi.ADMIN_KEY, "{\"amount\":30}");

        assertThat(again.body()).isEqualTo(first.body());
        assertThat(api.balance(to)).isEqualTo(40);
    }

    @ParameterizedTest
    @ValueSource(strings = {" ", "tab\tinside"})
    void malformedKeyIsValidationFailed(String key) {
        Response response =
                api.send("POST", "/api/v1/transfers", ada.key(), transferBody(1), Map.of("Idempotency-Key", key));

        response.problem(400, "validation_failed");
        assertThat(api.balance(from)).isEqualTo(1_000);
    }

    @Test
    void overlongKeyIsValidationFailed() {
        transfer("k".repeat(256), transferBody(1)).problem(400, "validation_failed");
        assertThat(transfer("k".repeat(255), transferBody(1)).status()).isEqualTo(201);
    }

    @Test
    void concurrentIdenticalRequestsMoveMoneyOnce() throws Exception {
        String key = UUID.randomUUID().toString();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<Response>> responses = new ArrayList<>();
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            for (int i = 0; i < 20; i++) {
                responses.add(clients.submit(() -> {
                    start.await();
                    return transfer(key, transferBody(100));
                }));
            }
            start.countDown();
        }

        List<Response> done = new ArrayList<>();
        for (Future<Response> response : responses) {
            done.add(response.get());
        }
        assertThat(done).extracting(Response::status).allMatch(status -> status == 201 || status == 409);
        assertThat(done)
                .filteredOn(r -> r.status() == 409)
                .allSatisfy(r -> r.problem(409, "idempotency_request_in_progress"));
        List<String> ids = done.stream()
                .filter(r -> r.status() == 201)
                .map(r -> r.json().path("id").asString())
                .toList();
        assertThat(ids).isNotEmpty().containsOnly(ids.getFirst());
        assertThat(api.balance(from)).isEqualTo(900);
        assertThat(api.balance(to)).isEqualTo(100);
        // 409 is not stored: once the first request is done, a retry gets its response.
        assertThat(transfer(key, transferBody(100)).header("Idempotent-Replayed"))
                .isEqualTo("true");
    }

    @Test
    void liveClaimIsInProgressAbandonedClaimIsTakenOver() {
        String live = UUID.randomUUID().toString();
        String abandoned = UUID.randomUUID().toString();
        insertClaim(live, "now() + interval '20 seconds'");
        insertClaim(abandoned, "now() - interval '1 second'");

        transfer(live, transferBody(100)).problem(409, "idempotency_request_in_progress");
        Response takenOver = transfer(abandoned, transferBody(100));

        assertThat(takenOver.status()).isEqualTo(201);
        assertThat(api.balance(from)).isEqualTo(900);
    }

    @Test
    void expiredRecordsAreDeletedAndTheirKeysStartAfresh() {
        String key = UUID.randomUUID().toString();
        transfer(key, transferBody(100));
        jdbc.sql("UPDATE idempotency_records SET expires_at = now() - interval '1 second' WHERE key = :key")
                .param("key", key)
                .update();

        Response afresh = transfer(key, transferBody(100));
        assertThat(afresh.status()).isEqualTo(201);
        assertThat(afresh.header("Idempotent-Replayed")).isNull();
        assertThat(api.balance(from)).isEqualTo(800);

        jdbc.sql("UPDATE idempotency_records SET expires_at = now() - interval '1 second' WHERE key = :key")
                .param("key", key)
                .update();
        ledger.deleteExpiredKeys();
        assertThat(jdbc.sql("SELECT count(*) FROM idempotency_records WHERE key = :key")
                        .param("key", key)
                        .query(Long.class)
                        .single())
                .isZero();
    }

    private void insertClaim(String key, String lockedUntil) {
        jdbc.sql("INSERT INTO idempotency_records (caller_id, key, fingerprint, claim_token, locked_until, created_at,"
                        + " expires_at) VALUES (:caller, :key, :fingerprint, :token, " + lockedUntil
                        + ", now(), now() + interval '1 day')")
                .param("caller", ada.id())
                .param("key", key)
                .param("fingerprint", new byte[32])
                .param("token", UUID.randomUUID())
                .update();
    }

    /** The filter finds idempotent requests by the mark on their handler; a handler that takes a key needs it. */
    @Test
    void everyHandlerThatTakesAnIdempotencyKeyIsMarked() {
        List<String> takesClaim = new ArrayList<>();
        List<String> marked = new ArrayList<>();
        mappings.getHandlerMethods().values().forEach(handler -> {
            boolean claim = Arrays.stream(handler.getMethodParameters())
                    .anyMatch(parameter -> parameter.getParameterType() == Idempotency.class);
            if (claim) {
                takesClaim.add(handler.toString());
            }
            if (handler.hasMethodAnnotation(AcceptsIdempotencyKey.class)) {
                marked.add(handler.toString());
            }
        });

        assertThat(takesClaim).as("transfers, deposits, withdrawals at least").hasSizeGreaterThanOrEqualTo(3);
        assertThat(marked).containsExactlyInAnyOrderElementsOf(takesClaim);
    }
}
