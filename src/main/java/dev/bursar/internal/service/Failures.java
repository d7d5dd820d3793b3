package dev.bursar.internal.service;

import dev.bursar.internal.deadline.DeadlineExceededException;
import dev.bursar.internal.domain.DomainException;
import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.TransactionTimedOutException;

/**
 * What a failure means for the caller, decided in one place for the ledger and the HTTP mapping
 * alike: a refusal (the answer itself), the database busy beyond the retries, the database out of
 * reach (or the request out of time), or something unknown.
 */
public final class Failures {

    /** The kinds of failure, each with what a client is told. */
    public enum Kind {
        /** A rule or a claim refused the request: nothing was committed, and this is the answer. */
        REFUSED,
        /** Contention outlasted the retries, or the ledger's queue was full: retry in a second. */
        BUSY,
        /** The database is out of reach, or the request ran out of time: retry in a few seconds. */
        UNAVAILABLE,
        /** Anything else: a bug, or an error that says nothing definite. */
        UNKNOWN;

        /** Seconds a client should wait before retrying (BUSY and UNAVAILABLE only). */
        public int retryAfterSeconds() {
            return this == BUSY ? 1 : 2;
        }
    }

    private Failures() {}

    public static Kind classify(Throwable e) {
        if (e instanceof DomainException || e instanceof IdempotencyClaimLostException) {
            return Kind.REFUSED;
        }
        if (e instanceof ConcurrencyFailureException || e instanceof LedgerBusyException) {
            return Kind.BUSY;
        }
        if (e instanceof TransientDataAccessException
                || e instanceof DataAccessResourceFailureException
                || e instanceof CannotCreateTransactionException
                || e instanceof TransactionTimedOutException
                || e instanceof TransactionSystemException
                || e instanceof DeadlineExceededException) {
            return Kind.UNAVAILABLE;
        }
        return Kind.UNKNOWN;
    }

    /**
     * Whether posting again now would fare no better: busy or out of reach, unless the failure was
     * a commit reporting an error that says nothing of its outcome (it may have committed, and
     * posting again finds out).
     */
    static boolean isHopeless(Throwable e) {
        Kind kind = classify(e);
        return (kind == Kind.BUSY || kind == Kind.UNAVAILABLE) && !commitOutcomeUnknown(e);
    }

    /** A commit failed with an error of no known kind: whether it committed is not known. */
    private static boolean commitOutcomeUnknown(Throwable e) {
        return e instanceof TransactionSystemException failed && failed.getApplicationException() == null;
    }
}
