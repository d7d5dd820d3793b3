package dev.bursar.internal.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.cmd.server.BursarServer;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestDatabaseConfiguration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Import;

/** Two replicas with the PostgreSQL store draw from one bucket per key. */
@SpringBootTest(classes = BursarServer.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bursar.security.admin-api-key=" + TestApi.ADMIN_KEY, "bursar.rate-limit.store=postgres",
                "bursar.rate-limit.capacity=6", "bursar.rate-limit.refill-per-second=0.01",
                "bursar.rate-limit.roles.admin.capacity=1000", "bursar.rate-limit.roles.admin.refill-per-second=1000"})
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
}
