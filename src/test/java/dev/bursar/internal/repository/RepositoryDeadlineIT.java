package dev.bursar.internal.repository;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.bursar.cmd.server.BursarServer;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Response;
import dev.bursar.support.TestDatabaseConfiguration;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Statements of the Spring Data JDBC repositories carry the request's time budget (1 s here) like
 * JdbcClient's: a user update waiting for a locked row gets 503 in about that time and changes
 * nothing. The database's response timeout is far longer here, so that only the budget can end it.
 */
@SpringBootTest(
        classes = BursarServer.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bursar.security.admin-api-key=" + TestApi.ADMIN_KEY,
            "bursar.rate-limit.capacity=0",
            "bursar.http.request-timeout=1s",
            "bursar.database.response-timeout=20s",
            "spring.datasource.hikari.connection-init-sql=SET lock_timeout = '20s'"
        })
@Import(TestDatabaseConfiguration.class)
class RepositoryDeadlineIT {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Test
    void repositoryStatementOutOfTimeIsServiceUnavailableAndChangesNothing() throws Exception {
        TestApi api = new TestApi(port);
        Account ada = api.newUser();
        String path = "/api/v1/users/" + ada.id();

        Response response;
        long took;
        try (Connection connection = dataSource.getConnection();
                var client = Executors.newVirtualThreadPerTaskExecutor()) {
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement("SELECT id FROM users WHERE id = ? FOR UPDATE")) {
                lock.setObject(1, ada.id());
                lock.executeQuery().close();
            }
            long start = System.nanoTime();
            Future<Response> update =
                    client.submit(() -> api.put(path, ada.key(), Map.of("email", ada.email(), "name", "Renamed")));
            response = update.get();
            took = System.nanoTime() - start;
            connection.rollback();
        }

        response.problem(503, "service_unavailable");
        assertThat(Duration.ofNanos(took)).isBetween(Duration.ofMillis(900), Duration.ofMillis(3_000));
        // A statement still waiting for the lock would go ahead now that it is released.
        await().during(Duration.ofMillis(500))
                .atMost(Duration.ofSeconds(2))
                .until(() ->
                        !api.get(path, ada.key()).json().path("name").asString().equals("Renamed"));
    }
}
