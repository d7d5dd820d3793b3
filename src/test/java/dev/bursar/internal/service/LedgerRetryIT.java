package dev.bursar.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.support.IsolatedIntegrationTest;
import dev.bursar.support.RowLock;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Payer;
import dev.bursar.support.TestApi.Response;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Lock conflicts are retried as whole transactions and never reach the client as a 500. A short
 * lock timeout (its own application context) makes a held account lock fail the first attempts.
 */
@IsolatedIntegrationTest(properties = {"spring.datasource.hikari.connection-init-sql=SET lock_timeout = '100ms'"})
class LedgerRetryIT {

    @LocalServerPort
    int port;

    @Autowired
    DataSource dataSource;

    @Autowired
    MeterRegistry meters;

    TestApi api;
    Payer ada;

    @BeforeEach
    void setUp() {
        api = new TestApi(port);
        ada = api.newPayer(1_000);
    }

    private double retriedSuccesses() {
        var counter = meters.find("resilience4j.retry.calls")
                .tag("name", "ledger")
                .tag("kind", "successful_with_retry")
                .functionCounter();
        return counter == null ? 0 : counter.count();
    }

    @Test
    void transferWaitingOutALockTimeoutIsRetriedAndSucceeds() throws Exception {
        double before = retriedSuccesses();

        Response response = whileAccountIsLocked(
                ada.to(), Duration.ofMillis(400), () -> api.transfer(ada.key(), ada.from(), ada.to(), 100, "EUR"));

        assertThat(response.status()).as(response.body()).isEqualTo(201);
        assertThat(api.balance(ada.from())).isEqualTo(900);
        assertThat(api.balance(ada.to())).isEqualTo(100);
        assertThat(retriedSuccesses()).isEqualTo(before + 1);
    }

    @Test
    void contentionOutlastingTheRetriesIsServiceUnavailableNotAServerError() throws Exception {
        Response response = whileAccountIsLocked(
                ada.from(), Duration.ofSeconds(3), () -> api.transfer(ada.key(), ada.from(), ada.to(), 100, "EUR"));

        response.problem(503, "service_unavailable");
        assertThat(response.header("Retry-After")).isEqualTo("1");
        assertThat(api.balance(ada.from())).isEqualTo(1_000);
        assertThat(api.balance(ada.to())).isZero();
    }

    /** Runs the request while another transaction holds the account's row lock for {@code hold}. */
    private Response whileAccountIsLocked(UUID account, Duration hold, java.util.concurrent.Callable<Response> request)
            throws Exception {
        try (RowLock lock = RowLock.onAccount(dataSource, account);
                var client = Executors.newVirtualThreadPerTaskExecutor()) {
            Future<Response> response = client.submit(request);
            Thread.sleep(hold.toMillis());
            lock.release();
            return response.get();
        }
    }
}
