package dev.bursar.internal.service;

import dev.bursar.internal.deadline.DeadlineExceededException;
import dev.bursar.internal.domain.DomainException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;
import org.springframework.transaction.TransactionTimedOutException;

/** How the ledger tells failures apart: a definite answer, the database out of reach, or neither. */
final class LedgerFailures {

    private LedgerFailures() {
    }

    /** The movement was refused by a rule or its claim: nothing was committed, and this is the answer. */
    static boolean isDefinite(Throwable e) {
        return e instanceof DomainException || e instanceof IdempotencyClaimLostException;
    }

    /**
     * The database is out of reach, busy beyond the retries, or the request out of time: posting
     * again now would fare no better. (If a commit was under way, its outcome is for an idempotent
     * retry to find out: the client gets 503.) Anything else that is not {@link #isDefinite
     * definite} says nothing about whether a commit happened, and the movement is posted again
     * unless it committed.
     */
    static boolean isUnavailable(Throwable e) {
        return e instanceof TransientDataAccessException || e instanceof DataAccessResourceFailureException
                || e instanceof CannotCreateTransactionException || e instanceof TransactionTimedOutException
                || e instanceof DeadlineExceededException || e instanceof LedgerBusyException
                || rollbackFailed(e);
    }

    /** The rollback after a failure failed: the connection is gone, and COMMIT was never sent. */
    private static boolean rollbackFailed(Throwable e) {
        return e instanceof TransactionSystemException failed && failed.getApplicationException() != null;
    }
}
