package dev.bursar.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IsolatedIntegrationTest;
import dev.bursar.support.RowLock;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Payer;
import dev.bursar.support.TestApi.Response;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * A request that runs out of its time budget (1 s here) while its transfer waits for a locked
 * account gets 503 in about that time, and its transfer is not applied.
 */
@IsolatedIntegrationTest(
        properties = {
            "bursar.http.request-timeout=1s",
            "spring.datasource.hikari.connection-init-sql=SET lock_timeout = '20s'"
        })
class DeadlineIT {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    /** Every spelling of an API path that reaches the handler has the budget, an encoded one too. */
    @ParameterizedTest
    @ValueSource(strings = {"/api/v1/transfers", "/%61pi/v1/transfers"})
    void requestOutOfTimeIsServiceUnavailableAndAppliesNothing(String path) throws Exception {
        TestApi api = new TestApi(port);
        Payer ada = api.newPayer(1_000);

        Response response;
        long took;
        try (RowLock lock = RowLock.onAccount(dataSource, ada.to());
                var client = Executors.newVirtualThreadPerTaskExecutor()) {
            long start = System.nanoTime();
            Future<Response> transfer = client.submit(() -> api.send(
                    "POST", path, ada.key(), TestApi.transferBody(ada.from(), ada.to(), 100, "EUR"), Map.of()));
            response = transfer.get();
            took = System.nanoTime() - start;
            lock.release();
        }

        response.problem(503, "service_unavailable");
        assertThat(response.header("Retry-After")).isNotBlank();
        assertThat(Duration.ofNanos(took)).isBetween(Duration.ofMillis(900), Duration.ofMillis(3_000));
        assertThat(api.balance(ada.from())).isEqualTo(1_000);
        assertThat(api.balance(ada.to())).isZero();
        assertThat(api.transfer(ada.key(), ada.from(), ada.to(), 100, "EUR").status())
                .as("afterwards")
                .isEqualTo(201);
    }
}
