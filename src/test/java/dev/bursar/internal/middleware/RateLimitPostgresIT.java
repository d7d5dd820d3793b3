package dev.bursar.internal.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.cmd.server.BursarServer;
import dev.bursar.support.QueryCounter;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Response;
import dev.bursar.support.TestDatabaseConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/**
 * Two replicas with the PostgreSQL store draw from one bucket per key; a bucket the store has
 * reported empty is refused without asking it again until its next token is due.
 */
@SpringBootTest(
        classes = BursarServer.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bursar.security.admin-api-key=" + TestApi.ADMIN_KEY,
            "bursar.rate-limit.store=postgres",
            "bursar.rate-limit.capacity=6",
            "bursar.rate-limit.refill-per-second=0.01",
            "bursar.rate-limit.roles.admin.capacity=1000",
            "bursar.rate-limit.roles.admin.refill-per-second=1000",
            "bursar.rate-limit.trusted-proxies=127.0.0.1"
        })
@Import({TestDatabaseConfiguration.class, QueryCounter.class})
class RateLimitPostgresIT {

    @LocalServerPort
    int port;

    @Autowired
    QueryCounter.Recorder queries;

    @Test
    void twoReplicasShareOneLimit() {
        Account ada = new TestApi(port).newUser();
        try (ConfigurableApplicationContext replica = new SpringApplicationBuilder(
                        BursarServer.class, TestDatabaseConfiguration.class)
                // Arguments, not default properties: those would lose to application.yml.
                .run(
                        "--server.port=0",
                        "--management.server.port=0",
                        "--bursar.security.admin-api-key=" + TestApi.ADMIN_KEY,
                        "--bursar.rate-limit.store=postgres",
                        "--bursar.rate-limit.capacity=6",
                        "--bursar.rate-limit.refill-per-second=0.01",
                        "--bursar.rate-limit.roles.admin.capacity=1000",
                        "--bursar.rate-limit.roles.admin.refill-per-second=1000",
                        "--bursar.rate-limit.trusted-proxies=127.0.0.1")) {
            int replicaPort = Integer.parseInt(replica.getEnvironment().getProperty("local.server.port"));
            List<TestApi> replicas = List.of(new TestApi(port), new TestApi(replicaPort));

            List<Integer> statuses = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                statuses.add(replicas.get(i % 2).get("/api/v1/me", ada.key()).status());
            }

            assertThat(statuses).containsExactly(200, 200, 200, 200, 200, 200, 429, 429);
            replicas.get(1).get("/api/v1/me", ada.key()).problem(429, "rate_limited");
        }
    }

    @Test
    void anAddressOverItsLimitCostsNoQuery() {
        TestApi api = new TestApi(port);
        // The test client is a trusted proxy here, so X-Forwarded-For names distinct clients.
        String flooder = "192.0.2." + (1 + (int) (Math.random() * 250));

        queries.clear();
        Response response;
        int sent = 0;
        do {
            response = api.send(
                    "GET",
                    "/api/v1/me",
                    "bsr_not_a_valid_key_" + UUID.randomUUID(),
                    null,
                    Map.of("X-Forwarded-For", flooder));
            sent++;
        } while (response.status() == 401 && sent < 50);
        response.problem(429, "rate_limited");
        assertThat(queries.count())
                .as("buckets and key lookups under the limit")
                .isPositive();

        // The next token is 100 s away (0.01 per second): until then every request is refused here.
        queries.clear();
        for (int i = 0; i < 20; i++) {
            Response refused = api.send(
                    "GET",
                    "/api/v1/me",
                    "bsr_not_a_valid_key_" + UUID.randomUUID(),
                    null,
                    Map.of("X-Forwarded-For", flooder));
            refused.problem(429, "rate_limited");
            assertThat(Long.parseLong(refused.header("Retry-After"))).isBetween(1L, 100L);
            assertThat(refused.header("RateLimit")).startsWith("\"default\";r=0;");
        }
        api.send("GET", "/api/v1/me", null, null, Map.of("X-Forwarded-For", flooder))
                .problem(429, "rate_limited");
        assertThat(queries.statements()).as("statements of refused requests").isEmpty();

        Response other = api.send("GET", "/api/v1/me", null, null, Map.of("X-Forwarded-For", "198.51.100.8"));
        assertThat(other.status()).as("another client").isEqualTo(401);
    }

    @Test
    void ipv6ClientsOfOneSlash64ShareOneStoredBucket() {
        TestApi api = new TestApi(port);
        int a = 1 + (int) (Math.random() * 0xfffe);
        int b = 1 + (int) (Math.random() * 0xfffe);
        String prefix = "2001:db8:%x:%x".formatted(a, b);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            statuses.add(api.send("GET", "/api/v1/me", null, null, Map.of("X-Forwarded-For", prefix + "::" + i))
                    .status());
        }

        assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 401, 429);
        String another = "2001:db8:%x:%x::1".formatted(a ^ 0x8000, b);
        assertThat(api.send("GET", "/api/v1/me", null, null, Map.of("X-Forwarded-For", another))
                        .status())
                .as("another /64")
                .isEqualTo(401);
    }
}
