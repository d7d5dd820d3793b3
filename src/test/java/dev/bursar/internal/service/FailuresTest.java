package dev.bursar.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.internal.deadline.DeadlineExceededException;
import dev.bursar.internal.domain.DomainException;
import dev.bursar.internal.domain.ErrorCode;
import java.sql.SQLException;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** One table decides what a failure means, for the ledger and the HTTP answer alike. */
class FailuresTest {

    static Stream<Arguments> failures() {
        TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed");
        rollbackFailed.initApplicationException(new DataAccessResourceFailureException("connection reset"));
        return Stream.of(
                Arguments.of(new DomainException(ErrorCode.INSUFFICIENT_FUNDS, "low"), Failures.Kind.REFUSED, false),
                Arguments.of(new IdempotencyClaimLostException(), Failures.Kind.REFUSED, false),
                Arguments.of(new CannotAcquireLockException("lock timeout"), Failures.Kind.BUSY, true),
                Arguments.of(new LedgerBusyException(), Failures.Kind.BUSY, true),
                Arguments.of(new QueryTimeoutException("canceled"), Failures.Kind.UNAVAILABLE, true),
                Arguments.of(new CannotGetJdbcConnectionException("no connection"), Failures.Kind.UNAVAILABLE, true),
                Arguments.of(new CannotCreateTransactionException("no connection"), Failures.Kind.UNAVAILABLE, true),
                Arguments.of(new DeadlineExceededException(), Failures.Kind.UNAVAILABLE, true),
                Arguments.of(rollbackFailed, Failures.Kind.UNAVAILABLE, true),
                // A commit that failed for no known reason may have committed: post again (it finds out).
                Arguments.of(new TransactionSystemException("JDBC commit failed"), Failures.Kind.UNAVAILABLE, false),
                Arguments.of(new DataIntegrityViolationException("duplicate key"), Failures.Kind.UNKNOWN, false),
                Arguments.of(
                        new UncategorizedSQLException("commit", null, new SQLException("?", "XX000")),
                        Failures.Kind.UNKNOWN,
                        false),
                Arguments.of(new IllegalStateException("bug"), Failures.Kind.UNKNOWN, false));
    }

    @ParameterizedTest
    @MethodSource("failures")
    void classifies(RuntimeException failure, Failures.Kind kind, boolean hopeless) {
        assertThat(Failures.classify(failure)).isEqualTo(kind);
        assertThat(Failures.isHopeless(failure))
                .as("posting again would fare no better")
                .isEqualTo(hopeless);
    }
}
