package dev.bursar.internal.repository;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.datasource.DelegatingDataSource;

/**
 * The connection pool behind a circuit breaker and a bulkhead (Resilience4j). The bulkhead bounds
 * how many requests may wait for a connection at once; the breaker opens when getting connections
 * keeps failing (the database is down or the pool is exhausted for good) and then refuses at once,
 * so that requests get a quick 503 instead of each waiting out the pool's timeout, until a trial
 * connection succeeds again.
 */
final class GuardedDataSource extends DelegatingDataSource {

    private static final Logger log = LoggerFactory.getLogger(GuardedDataSource.class);

    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;

    GuardedDataSource(DataSource pool, CircuitBreaker breaker, Bulkhead bulkhead) {
        super(pool);
        this.breaker = breaker;
        this.bulkhead = bulkhead;
        breaker.getEventPublisher().onStateTransition(event -> log.atWarn()
                .addKeyValue("circuit_breaker", event.getCircuitBreakerName())
                .log("database circuit breaker: {}", event.getStateTransition()));
    }

    @Override
    public Connection getConnection() throws SQLException {
        return guarded(() -> obtainTargetDataSource().getConnection());
    }

    @Override
    public Connection getConnection(String username, String password) throws SQLException {
        return guarded(() -> obtainTargetDataSource().getConnection(username, password));
    }

    private interface Open {
        Connection get() throws SQLException;
    }

    private Connection guarded(Open open) throws SQLException {
        try {
            bulkhead.acquirePermission();
        } catch (BulkheadFullException e) {
            throw new SQLTransientConnectionException("too many requests are waiting for the database", e);
        }
        try {
            if (!breaker.tryAcquirePermission()) {
                throw new SQLTransientConnectionException("the database circuit breaker is open");
            }
            long start = System.nanoTime();
            try {
                Connection connection = open.get();
                breaker.onSuccess(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                return connection;
            } catch (SQLException | RuntimeException e) {
                breaker.onError(System.nanoTime() - start, TimeUnit.NANOSECONDS, e);
                throw e;
            }
        } finally {
            bulkhead.onComplete();
        }
    }
}
