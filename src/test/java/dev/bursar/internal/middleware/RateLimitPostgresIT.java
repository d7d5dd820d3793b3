package dev.bursar.internal.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.cmd.server.BursarServer;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestDatabaseConfiguration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/** Two replicas with the PostgreSQL store draw from one bucket per key (per client address without one). */
@SpringBootTest(classes = BursarServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bursar.security.admin-api-key=" + TestApi.ADMIN_KEY, "bursar.rate-limit.store=postgres",
                "bursar.rate-limit.capacity=6", "bursar.rate-limit.refill-per-second=0.01",
                "bursar.rate-limit.roles.admin.capacity=1000", "bursar.rate-limit.roles.admin.refill-per-second=1000",
                "bursar.rate-limit.trusted-proxies=127.0.0.1"})
@Import(TestDatabaseConfiguration.class)
class RateLimitPostgresIT {

    @LocalServerPort
    int port;

    @Test
    void twoReplicasShareOneLimit() {
        Account ada = new TestApi(port).newUser();
        try (ConfigurableApplicationContext replica = new SpringApplicationBuilder(BursarServer.class,
                TestDatabaseConfiguration.class)
                // Arguments, not default properties: those would lose to application.yml.
                .run("--server.port=0", "--management.server.port=0",
                        "--bursar.security.admin-api-key=" + TestApi.ADMIN_KEY, "--bursar.rate-limit.store=postgres",
                        "--bursar.rate-limit.capacity=6", "--bursar.rate-limit.refill-per-second=0.01",
                        "--bursar.rate-limit.roles.admin.capacity=1000",
                        "--bursar.rate-limit.roles.admin.refill-per-second=1000")) {
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
    void ipv6ClientsOfOneSlash64ShareOneStoredBucket() {
        TestApi api = new TestApi(port);
        int a = 1 + (int) (Math.random() * 0xfffe);
        int b = 1 + (int) (Math.random() * 0xfffe);
        String prefix = "2001:db8:%x:%x".formatted(a, b);
        List<Integer> statuses = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            statuses.add(api.send("GET", "/api/v1/me", null, null, Map.of("X-Forwarded-For", prefix + "::" + i)).status());
        }

        assertThat(statuses).containsExactly(401, 401, 401, 401, 401, 401, 429);
        String another = "2001:db8:%x:%x::1".formatted(a ^ 0x8000, b);
        assertThat(api.send("GET", "/api/v1/me", null, null, Map.of("X-Forwarded-For", another)).status())
                .as("another /64").isEqualTo(401);
    }
}
