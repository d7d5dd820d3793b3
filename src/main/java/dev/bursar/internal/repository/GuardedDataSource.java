package dev.bursar.internal.repository;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.IllegalStateTransitionException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
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
 * connection succeeds again. Every connection it hands out waits at most the response timeout for
 * an answer from the database, so a database that falls silent (a partition closes nothing) costs
 * a request that long, not the minutes TCP takes to give up.
 */
final class GuardedDataSource extends DelegatingDataSource {

    private static final Logger log = LoggerFactory.getLogger(GuardedDataSource.class);

    private final CircuitBreaker breaker;
    private final Bulkhead bulkhead;
    private final int responseTimeoutMillis;

    GuardedDataSource(DataSource pool, CircuitBreaker breaker, Bulkhead bulkhead, Duration responseTimeout) {
        super(pool);
        this.breaker = breaker;
        this.bulkhead = bulkhead;
        this.responseTimeoutMillis = Math.toIntExact(responseTimeout.toMillis());
        breaker.getEventPublisher()
                .onStateTransition(event -> log.atWarn()
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

    /** The pool restores the connection's own timeout when it is returned. */
    private Connection withResponseTimeout(Connection connection) throws SQLException {
        try {
            connection.setNetworkTimeout(Runnable::run, responseTimeoutMillis);
            return connection;
        } catch (SQLException | RuntimeException e) {
            connection.close();
            throw e;
        }
    }

    /**
     * A connection broke: the others were opened to the same database and are likely broken too.
     * They are replaced, idle ones at once and busy ones when returned. If it broke because the
     * database fell silent (no answer within the response timeout), the breaker opens too: the
     * next requests get 503 at once instead of each waiting out the response timeout, until a
     * trial connection, a fresh one, succeeds.
     */
    void connectionBroke(boolean silent) {
        try {
            if (isWrapperFor(HikariDataSource.class)) {
                HikariPoolMXBean pool = unwrap(HikariDataSource.class).getHikariPoolMXBean();
                if (pool != null) {
                    pool.softEvictConnections();
                }
            }
        } catch (SQLException e) {
            log.warn("could not retire the pool's connections: {}", e.getMessage());
        }
        if (silent
                && (breaker.getState() == CircuitBreaker.State.CLOSED
                        || breaker.getState() == CircuitBreaker.State.HALF_OPEN)) {
            try {
                breaker.transitionToOpenState();
            } catch (IllegalStateTransitionException raced) {
                // another request saw the database fall silent at the same moment
            }
        }
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
                Connection connection = withResponseTimeout(open.get());
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
