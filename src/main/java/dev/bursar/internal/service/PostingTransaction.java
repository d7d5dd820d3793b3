package dev.bursar.internal.service;

import dev.bursar.internal.domain.Account;
import dev.bursar.internal.domain.Transfer;
import dev.bursar.internal.repository.AccountRepository;
import dev.bursar.internal.repository.LedgerRepository;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Posts one movement in one transaction: lock both accounts in id order, check the rules against
 * their locked state, then write balances, transfer and entries in one statement (and the
 * idempotency record). Fixed lock order means no deadlock; checking under the locks means no lost
 * update and no overdraft. Transient conflicts are retried as a whole new transaction.
 */
@Component
class PostingTransaction {

    private static final Logger log = LoggerFactory.getLogger(PostingTransaction.class);

    private final AccountRepository accounts;
    private final LedgerRepository journal;
    private final IdempotencyService idempotency;
    private final TransactionTemplate transactions;
    private final Retry retry;
    private final Clock clock;

    PostingTransaction(AccountRepository accounts, LedgerRepository journal, IdempotencyService idempotency,
            PlatformTransactionManager transactionManager, RetryRegistry retries, Clock clock) {
        this.accounts = accounts;
        this.journal = journal;
        this.idempotency = idempotency;
        this.transactions = new TransactionTemplate(transactionManager);
        this.retry = retries.retry("ledger");
        this.clock = clock;
    }

    /**
     * Posts the movement. A failure that is neither a refusal nor the database out of reach may
     * have come after the commit (a commit that succeeded but reported an error): the movement is
     * then {@linkplain #postUnlessCommitted posted again unless it committed}.
     */
    Transfer post(Movement movement, Optional<Idempotent<Transfer>> idempotent) {
        try {
            return retry.executeSupplier(() -> transactions.execute(status -> postInTransaction(movement, idempotent)));
        } catch (RuntimeException e) {
            if (LedgerFailures.isDefinite(e) || LedgerFailures.isUnavailable(e)) {
                throw e;
            }
            log.warn("posting failed unexpectedly; posting again unless it committed", e);
            return postUnlessCommitted(movement, idempotent);
        }
    }

    /**
     * Posts the movement unless its transfer exists already, which it does when an earlier attempt
     * committed without the caller learning of it. The accounts are locked first, so an earlier
     * attempt still committing has finished by the time the transfer is looked up; and its id is
     * the transfer's primary key, so the movement can never be written twice.
     */
    Transfer postUnlessCommitted(Movement movement, Optional<Idempotent<Transfer>> idempotent) {
        return retry.executeSupplier(() -> transactions.execute(status -> {
            Map<UUID, Account> locked = lock(movement);
            Optional<Transfer> committed = journal.findTransfer(movement.transferId())
                    .map(LedgerRepository.TransferWithOwners::transfer);
            return committed.orElseGet(() -> record(movement, idempotent, locked));
        }));
    }

    private Transfer postInTransaction(Movement movement, Optional<Idempotent<Transfer>> idempotent) {
        return record(movement, idempotent, lock(movement));
    }

    private Map<UUID, Account> lock(Movement movement) {
        return accounts.lockInIdOrder(movement.from(), movement.to()).stream()
                .collect(Collectors.toMap(Account::id, Function.identity()));
    }

    private Transfer record(Movement movement, Optional<Idempotent<Transfer>> idempotent, Map<UUID, Account> locked) {
        MovementRules.Posted posted = MovementRules.post(movement, locked, Timestamps.now(clock));
        journal.record(posted.transfer(), posted.debit(), posted.credit());
        idempotent.ifPresent(request -> idempotency.completeWithWork(request.claim(),
                request.render().apply(posted.transfer())));
        return posted.transfer();
    }
}
