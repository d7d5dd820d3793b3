package dev.bursar.internal.service;

import dev.bursar.internal.domain.Account;
import dev.bursar.internal.domain.DomainException;
import dev.bursar.internal.domain.Entry;
import dev.bursar.internal.domain.Ids;
import dev.bursar.internal.domain.Posting;
import dev.bursar.internal.domain.Transfer;
import dev.bursar.internal.domain.TransferKind;
import dev.bursar.internal.repository.AccountRepository;
import dev.bursar.internal.repository.LedgerRepository;
import io.github.resilience4j.retry.annotation.Retry;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Posts movements to the ledger, one transaction each: lock both accounts in id order, check the
 * rules against their locked state, then write balances, transfer, entries (and the idempotency
 * record) in one statement. Fixed lock order means no deadlock; checking under the locks means no
 * lost update and no overdraft. Transient conflicts are retried as a whole new transaction.
 */
@Component
class Ledger {

    private final AccountRepository accounts;
    private final LedgerRepository journal;
    private final IdempotencyService idempotency;
    private final Clock clock;

    Ledger(AccountRepository accounts, LedgerRepository journal, IdempotencyService idempotency, Clock clock) {
        this.accounts = accounts;
        this.journal = journal;
        this.idempotency = idempotency;
        this.clock = clock;
    }

    @Retry(name = "ledger")
    @Transactional
    public Transfer post(Movement movement, Optional<Idempotent<Transfer>> idempotent) {
        List<Account> locked = accounts.lockInIdOrder(movement.from(), movement.to());
        Account from = visible(locked, movement.from(), movement);
        Account to = visible(locked, movement.to(), movement);
        Posting.Balances balances = Posting.apply(from, to, movement.money());

        Instant now = Timestamps.now(clock);
        long amount = movement.money().amount();
        Transfer transfer = new Transfer(Ids.newId(), movement.kind(), from.id(), to.id(), amount,
                movement.money().currency().getCurrencyCode(), movement.description(), now);
        journal.record(transfer,
                new Entry(Ids.newId(), transfer.id(), from.id(), from.entryCount() + 1, -amount, balances.fromAfter(), now),
                new Entry(Ids.newId(), transfer.id(), to.id(), to.entryCount() + 1, amount, balances.toAfter(), now));
        idempotent.ifPresent(request -> idempotency.completeWithWork(request.claim(), request.render().apply(transfer)));
        return transfer;
    }

    /**
     * The account, if the caller may move money with it: admins any account; users only from
     * accounts they own, to any user account. Anything else does not exist as far as they know.
     */
    private static Account visible(List<Account> locked, UUID id, Movement movement) {
        Account account = locked.stream().filter(a -> a.id().equals(id)).findFirst()
                .orElseThrow(() -> DomainException.notFound("account"));
        boolean source = id.equals(movement.from()) && movement.kind() == TransferKind.TRANSFER;
        boolean mayUse = movement.caller().isAdmin() || (source ? account.isVisibleTo(movement.caller()) : !account.isSystem());
        if (!mayUse) {
            throw DomainException.notFound("account");
        }
        return account;
    }
}
