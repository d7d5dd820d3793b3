package dev.bursar.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.internal.domain.ApiKeySecret;
import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.Role;
import dev.bursar.internal.repository.ApiKeyRepository;
import dev.bursar.internal.repository.ApiKeyRepository.ActiveKey;
import dev.bursar.internal.service.UserService.UserChanges;
import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.IssuedKey;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A revoked key, a demoted admin or a deleted user loses its authority on this replica from the
 * moment the change commits, whatever the key cache was doing at that moment. The races are
 * staged step by step, so that each test fails every time the cache gets them wrong.
 */
@IntegrationTest
class ApiKeyCacheIT {

    @Autowired
    ApiKeyCache cache;

    @Autowired
    ApiKeyRepository keys;

    @Autowired
    ApiKeyService apiKeys;

    @Autowired
    UserService users;

    @Autowired
    JdbcClient jdbc;

    @Autowired
    PlatformTransactionManager transactionManager;

    @Autowired
    TestApi api;

    ExecutorService otherRequests;

    @BeforeEach
    void setUp() {
        otherRequests = Executors.newVirtualThreadPerTaskExecutor();
    }

    @AfterEach
    void tearDown() {
        otherRequests.shutdownNow();
    }

    private Caller admin() {
        return apiKeys.authenticate(TestApi.ADMIN_KEY).orElseThrow();
    }

    private static void await(CountDownLatch latch) {
        try {
            assertThat(latch.await(10, TimeUnit.SECONDS)).isTrue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void loadInFlightWhileTheKeyIsRevokedIsNotRemembered() throws Exception {
        Account ada = api.newUser();
        IssuedKey issued = api.issueKey(ada.id(), ada.key());
        String secret = issued.secret();
        CountDownLatch read = new CountDownLatch(1);
        CountDownLatch revoked = new CountDownLatch(1);
        // A request's load reads the key just before the revocation commits and finishes just after it.
        CompletableFuture<Optional<ActiveKey>> inFlight = CompletableFuture.supplyAsync(
                () -> cache.get(ApiKeySecret.hash(secret), hash -> {
                    Optional<ActiveKey> found = keys.findActiveByHash(hash);
                    read.countDown();
                    await(revoked);
                    return found;
                }),
                otherRequests);
        await(read);

        assertThat(api.delete("/api/v1/users/" + ada.id() + "/api-keys/" + issued.id(), ada.key())
                        .status())
                .isEqualTo(204);
        revoked.countDown();

        assertThat(inFlight.get(10, TimeUnit.SECONDS))
                .as("what the load read before the revocation")
                .isPresent();
        api.get("/api/v1/me", secret).problem(401, "unauthorized");
    }

    @Test
    void demotionReachesTheCacheWhenItCommits() {
        Account ada = api.newUser("admin");

        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            users.update(admin(), ada.id(), new UserChanges(ada.email(), "Ada", Optional.of(Role.USER)));
            // Another request, before the demotion commits, still sees (and remembers) the admin.
            Caller before = CompletableFuture.supplyAsync(
                            () -> apiKeys.authenticate(ada.key()).orElseThrow(), otherRequests)
                    .join();
            assertThat(before.role()).isEqualTo(Role.ADMIN);
        });

        api.get("/api/v1/users", ada.key()).problem(403, "forbidden");
    }

    @Test
    void deletionReachesTheCacheWhenItCommits() {
        Account ada = api.newUser();
        // Used just now: the request below has no use to record, which would wait for the deletion's row locks.
        assertThat(api.get("/api/v1/me", ada.key()).status()).isEqualTo(200);

        new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
            users.delete(admin(), ada.id());
            Caller before = CompletableFuture.supplyAsync(
                            () -> apiKeys.authenticate(ada.key()).orElseThrow(), otherRequests)
                    .join();
            assertThat(before.userId()).isEqualTo(ada.id());
        });

        api.get("/api/v1/me", ada.key()).problem(401, "unauthorized");
    }

    @Test
    void requestThatSawTheOldRoleDoesNotPutItBack() throws Exception {
        Account ada = api.newUser("admin");
        // Ada's first request loads her key as an admin's, then waits to record its use (the row is locked).
        CountDownLatch locked = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        CompletableFuture<Void> lock = CompletableFuture.runAsync(
                () -> new TransactionTemplate(transactionManager).executeWithoutResult(status -> {
                    jdbc.sql("SELECT id FROM api_keys WHERE user_id = :user FOR UPDATE")
                            .param("user", ada.id())
                            .query()
                            .listOfRows();
                    locked.countDown();
                    await(release);
                }),
                otherRequests);
        await(locked);
        CompletableFuture<Optional<Caller>> first =
                CompletableFuture.supplyAsync(() -> apiKeys.authenticate(ada.key()), otherRequests);
        Awaitility.await()
                .atMost(Duration.ofSeconds(1))
                .pollInterval(Duration.ofMillis(10))
                .until(() -> jdbc.sql("""
                        SELECT count(*) FROM pg_stat_activity
                        WHERE datname = current_database() AND wait_event_type = 'Lock'
                        AND query LIKE 'UPDATE api_keys SET last_used_at%'""").query(Integer.class).single() == 1);

        // Meanwhile she is demoted, and another request loads her key afresh (its use recorded later).
        assertThat(api.put(
                                "/api/v1/users/" + ada.id(),
                                TestApi.ADMIN_KEY,
                                Map.of("email", ada.email(), "name", "Ada", "role", "user"))
                        .status())
                .isEqualTo(200);
        assertThat(cache.get(ApiKeySecret.hash(ada.key()), keys::findActiveByHash)
                        .orElseThrow()
                        .role())
                .isEqualTo(Role.USER);
        release.countDown();
        lock.get(10, TimeUnit.SECONDS);

        assertThat(first.get(10, TimeUnit.SECONDS).orElseThrow().role())
                .as("the request that began first")
                .isEqualTo(Role.ADMIN);
        api.get("/api/v1/users", ada.key()).problem(403, "forbidden");
    }
}
