package dev.bursar.internal.service;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.bursar.internal.config.AdminEmailNotAnAdminException;
import dev.bursar.support.SeparateDatabase;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Response;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.NestedExceptionUtils;
import tools.jackson.databind.JsonNode;

/**
 * The bootstrap admin across restarts and replicas: start-up never raises a user's role, never
 * brings back a bootstrap key that was revoked or whose user was deleted, and a new
 * BURSAR_ADMIN_API_KEY retires the previous one. Each test has a database of its own, since the
 * current bootstrap key is shared by every replica of a database.
 */
@ExtendWith(OutputCaptureExtension.class)
class AdminBootstrapReplicasIT {

    private static final String ADMIN_EMAIL = "admin@localhost";
    /** What an operator rotates {@link TestApi#ADMIN_KEY} to. */
    private static final String NEW_KEY = "bsr_rotated_admin_key_0123456789abcdefghijklmnopq";

    private final SeparateDatabase database = SeparateDatabase.create();

    @AfterEach
    void stopReplicas() {
        database.close();
    }

    private TestApi start(String adminKey) {
        return SeparateDatabase.api(database.startReplica(ADMIN_EMAIL, adminKey));
    }

    private static JsonNode me(TestApi api, String key) {
        Response me = api.get("/api/v1/me", key);
        assertThat(me.status()).as(me.body()).isEqualTo(200);
        return me.json();
    }

    /** The bootstrap admin takes another email, which leaves the configured one free. */
    private static void moveOffTheAdminEmail(TestApi api, String adminId) {
        Response moved = api.put(
                "/api/v1/users/" + adminId,
                TestApi.ADMIN_KEY,
                Map.of("email", "former-admin@example.com", "name", "Administrator"));
        assertThat(moved.status()).as(moved.body()).isEqualTo(200);
    }

    private String roleInDatabase(Account user) {
        return database.jdbc()
                .sql("SELECT role FROM users WHERE id = :id")
                .param("id", user.id())
                .query(String.class)
                .single();
    }

    @Test
    void startRefusesInsteadOfPromotingAUserWhoHoldsTheAdminEmail(CapturedOutput output) {
        TestApi first = start(TestApi.ADMIN_KEY);
        String adminId = me(first, TestApi.ADMIN_KEY).path("id").asString();
        Account mallory = first.newUser();
        moveOffTheAdminEmail(first, adminId);
        // The user takes the admin email in other letter case. The API refuses that now, so this is
        // the state an earlier release let a user reach through PUT /users/{id}.
        database.jdbc()
                .sql("UPDATE users SET email = 'Admin@LocalHost' WHERE id = :id")
                .param("id", mallory.id())
                .update();

        Throwable failure = catchThrowable(() -> database.startReplica(ADMIN_EMAIL, TestApi.ADMIN_KEY));

        assertThat(failure).as("starting while a user holds the admin email").isNotNull();
        assertThat(NestedExceptionUtils.getMostSpecificCause(failure))
                .isInstanceOf(AdminEmailNotAnAdminException.class);
        assertThat(output)
                .contains("APPLICATION FAILED TO START", "bursar.security.admin-email", "BURSAR_SECURITY_ADMINEMAIL");
        assertThat(roleInDatabase(mallory)).isEqualTo("user");
        assertThat(me(first, mallory.key()).path("role").asString()).isEqualTo("user");
        // The bootstrap key still stands for the admin it was given to, not for the user.
        assertThat(me(first, TestApi.ADMIN_KEY).path("id").asString()).isEqualTo(adminId);
    }

    @Test
    void onlyAnAdminMayHaveTheAdminEmail() {
        TestApi first = start(TestApi.ADMIN_KEY);
        String adminId = me(first, TestApi.ADMIN_KEY).path("id").asString();
        Account mallory = first.newUser();
        Account ops = first.newUser("admin");
        // The admin who has it may not lose the role while keeping it.
        first.put(
                        "/api/v1/users/" + adminId,
                        ops.key(),
                        Map.of("email", ADMIN_EMAIL, "name", "Administrator", "role", "user"))
                .problem(409, "email_taken");
        moveOffTheAdminEmail(first, adminId);

        first.put("/api/v1/users/" + mallory.id(), mallory.key(), Map.of("email", "ADMIN@localhost", "name", "M"))
                .problem(409, "email_taken");
        first.post("/api/v1/users", TestApi.ADMIN_KEY, Map.of("email", "Admin@LocalHost", "name", "U", "role", "user"))
                .problem(409, "email_taken");
        Response successor = first.post(
                "/api/v1/users",
                TestApi.ADMIN_KEY,
                Map.of("email", "Admin@LocalHost", "name", "Successor", "role", "admin"));
        assertThat(successor.status()).as(successor.body()).isEqualTo(201);

        // A restart finds the email an admin's: nobody is promoted, and the key stays with its holder.
        TestApi restarted = start(TestApi.ADMIN_KEY);
        assertThat(roleInDatabase(mallory)).isEqualTo("user");
        assertThat(me(restarted, mallory.key()).path("role").asString()).isEqualTo("user");
        assertThat(me(restarted, TestApi.ADMIN_KEY).path("id").asString()).isEqualTo(adminId);
    }

    @Test
    void revokedBootstrapKeyStaysRevokedAfterARestart(CapturedOutput output) {
        TestApi first = start(TestApi.ADMIN_KEY);
        String adminId = me(first, TestApi.ADMIN_KEY).path("id").asString();
        String keys = "/api/v1/users/" + adminId + "/api-keys";
        String keyId = first.get(keys, TestApi.ADMIN_KEY)
                .json()
                .path("data")
                .get(0)
                .path("id")
                .asString();
        assertThat(first.delete(keys + "/" + keyId, TestApi.ADMIN_KEY).status()).isEqualTo(204);

        TestApi restarted = start(TestApi.ADMIN_KEY);

        restarted.get("/api/v1/me", TestApi.ADMIN_KEY).problem(401, "unauthorized");
        first.get("/api/v1/me", TestApi.ADMIN_KEY).problem(401, "unauthorized");
        assertThat(output).contains("set a new BURSAR_ADMIN_API_KEY");
    }

    @Test
    void newBootstrapKeyRetiresThePreviousOneForGood() {
        TestApi old = start(TestApi.ADMIN_KEY);
        String adminId = me(old, TestApi.ADMIN_KEY).path("id").asString();

        TestApi rotated = start(NEW_KEY);

        rotated.get("/api/v1/me", TestApi.ADMIN_KEY).problem(401, "unauthorized");
        JsonNode admin = me(rotated, NEW_KEY);
        assertThat(admin.path("id").asString()).isEqualTo(adminId);
        assertThat(admin.path("role").asString()).isEqualTo("admin");
        // A replica still running with the old key learns within its cache's second.
        Awaitility.await()
                .atMost(Duration.ofMillis(1500))
                .pollInterval(Duration.ofMillis(50))
                .until(() -> old.get("/api/v1/me", TestApi.ADMIN_KEY).status() == 401);

        // An old replica restarting during the rolling deploy neither revives the old key nor retires the new one.
        TestApi restartedOld = start(TestApi.ADMIN_KEY);
        restartedOld.get("/api/v1/me", TestApi.ADMIN_KEY).problem(401, "unauthorized");
        assertThat(me(restartedOld, NEW_KEY).path("id").asString()).isEqualTo(adminId);
        assertThat(me(rotated, NEW_KEY).path("id").asString()).isEqualTo(adminId);
        assertThat(rotated.readAll("/api/v1/users/" + adminId + "/api-keys", NEW_KEY, 100))
                .hasSize(1);
    }

    @Test
    void deletingTheBootstrapAdminRetiresItsKey() {
        TestApi first = start(TestApi.ADMIN_KEY);
        String adminId = me(first, TestApi.ADMIN_KEY).path("id").asString();
        Account ops = first.newUser("admin");
        assertThat(first.delete("/api/v1/users/" + adminId, ops.key()).status()).isEqualTo(204);

        TestApi restarted = start(TestApi.ADMIN_KEY);

        restarted.get("/api/v1/me", TestApi.ADMIN_KEY).problem(401, "unauthorized");
        first.get("/api/v1/me", TestApi.ADMIN_KEY).problem(401, "unauthorized");
    }

    @Test
    void replicasStartingTogetherShareOneAdminAndKey() throws Exception {
        List<ConfigurableApplicationContext> replicas;
        try (var starts = Executors.newVirtualThreadPerTaskExecutor()) {
            var first =
                    CompletableFuture.supplyAsync(() -> database.startReplica(ADMIN_EMAIL, TestApi.ADMIN_KEY), starts);
            var second =
                    CompletableFuture.supplyAsync(() -> database.startReplica(ADMIN_EMAIL, TestApi.ADMIN_KEY), starts);
            replicas = List.of(first.get(), second.get());
        }

        TestApi api = SeparateDatabase.api(replicas.get(0));
        String adminId = me(api, TestApi.ADMIN_KEY).path("id").asString();
        assertThat(me(SeparateDatabase.api(replicas.get(1)), TestApi.ADMIN_KEY)
                        .path("id")
                        .asString())
                .isEqualTo(adminId);
        assertThat(api.readAll("/api/v1/users", TestApi.ADMIN_KEY, 100)).hasSize(1);
        assertThat(api.readAll("/api/v1/users/" + adminId + "/api-keys", TestApi.ADMIN_KEY, 100))
                .hasSize(1);
    }
}
