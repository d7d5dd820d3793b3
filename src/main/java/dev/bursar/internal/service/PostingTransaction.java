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
import java.util.function.Function;
import java.util.stream.Collectors;
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

    Transfer post(Movement movement, Optional<Idempotent<Transfer>> idempotent) {
        return retry.executeSupplier(() -> transactions.execute(status -> postInTransaction(movement, idempotent)));
    }

    private Transfer postInTransaction(Movement movement, Optional<Idempotent<Transfer>> idempotent) {
        Map<java.util.UUID, Account> locked = accounts.lockInIdOrder(movement.from(), movement.to()).stream()
                .collect(Collectors.toMap(Account::id, Function.identity()));
        MovementRules.Posted posted = MovementRules.post(movement, locked, Timestamps.now(clock));
        journal.record(posted.transfer(), posted.debit(), posted.credit());
        idempotent.ifPresent(request -> idempotency.completeWithWork(request.claim(),
                request.render().apply(posted.transfer())));
        return posted.transfer();
    }
}
