package dev.bursar.internal.service;

import dev.bursar.internal.domain.Account;
import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.DomainException;
import dev.bursar.internal.domain.Money;
import dev.bursar.internal.domain.Transfer;
import dev.bursar.internal.domain.TransferKind;
import dev.bursar.internal.repository.AccountRepository;
import dev.bursar.internal.repository.LedgerRepository;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Currency;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.stereotype.Service;

/**
 * Transfers between accounts, deposits and withdrawals: who may ask for which, and how each
 * request turned out (metrics {@code bursar.transfers} and {@code bursar.transfer.duration}).
 */
@Service
public class TransferService {

    /** A transfer a caller asks for; {@code description} may be null. */
    public record TransferRequest(UUID fromAccountId, UUID toAccountId, Money money, String description) {}

    private final Ledger ledger;
    private final SystemAccounts systemAccounts;
    private final AccountRepository accounts;
    private final LedgerRepository journal;
    private final MeterRegistry registry;
    private final Map<String, Meters> metersByOutcome = new ConcurrentHashMap<>();

    public TransferService(
            Ledger ledger,
            SystemAccounts systemAccounts,
            AccountRepository accounts,
            LedgerRepository journal,
            MeterRegistry meters) {
        this.ledger = ledger;
        this.systemAccounts = systemAccounts;
        this.accounts = accounts;
        this.journal = journal;
        this.registry = meters;
    }

    public Transfer transfer(Caller caller, TransferRequest request, Idempotency idempotency) {
        return post(
                TransferKind.TRANSFER,
                idempotency,
                () -> new Movement(
                        caller,
                        TransferKind.TRANSFER,
                        request.fromAccountId(),
                        request.toAccountId(),
                        request.money(),
                        request.description()));
    }

    /** Money into a user account, from the system account of its currency (admins only). */
    public Transfer deposit(Caller caller, UUID accountId, long amount, String description, Idempotency idempotency) {
        return post(TransferKind.DEPOSIT, idempotency, () -> {
            Money money = moneyFor(caller, accountId, amount, "deposit");
            UUID system = systemAccounts.idFor(money.currency().getCurrencyCode());
            return new Movement(caller, TransferKind.DEPOSIT, system, accountId, money, description);
        });
    }

    /** Money out of a user account, to the system account of its currency (admins only). */
    public Transfer withdraw(Caller caller, UUID accountId, long amount, String description, Idempotency idempotency) {
        return post(TransferKind.WITHDRAWAL, idempotency, () -> {
            Money money = moneyFor(caller, accountId, amount, "withdraw");
            UUID system = systemAccounts.idFor(money.currency().getCurrencyCode());
            return new Movement(caller, TransferKind.WITHDRAWAL, accountId, system, money, description);
        });
    }

    /**
     * Posts the movement, or, for a replay of an Idempotency-Key, answers with the transfer its
     * first request made: before any rule, as the rules may have changed since (a frozen account, a
     * former admin) but the outcome has not.
     */
    private Transfer post(TransferKind kind, Idempotency idempotency, Supplier<Movement> movement) {
        if (idempotency instanceof Idempotency.Replay replay) {
            return journal.findTransfer(replay.transferId())
                    .map(LedgerRepository.TransferWithOwners::transfer)
                    .orElseThrow(() -> new IllegalStateException("a recorded transfer is missing"));
        }
        return measured(kind, () -> ledger.post(movement.get(), idempotency));
    }

    /** A transfer, for admins and the owners of either of its accounts. */
    public Transfer get(Caller caller, UUID id) {
        return journal.findTransfer(id)
                .filter(found -> caller.isAdmin()
                        || caller.userId().equals(found.fromOwnerId())
                        || caller.userId().equals(found.toOwnerId()))
                .map(LedgerRepository.TransferWithOwners::transfer)
                .orElseThrow(() -> DomainException.notFound("transfer"));
    }

    private Money moneyFor(Caller caller, UUID accountId, long amount, String verb) {
        if (!caller.isAdmin()) {
            throw DomainException.forbidden("only admins " + verb + " money");
        }
        Account account = accounts.findById(accountId).orElseThrow(() -> DomainException.notFound("account"));
        return new Money(amount, Currency.getInstance(account.currency()));
    }

    private Transfer measured(TransferKind kind, Supplier<Transfer> work) {
        long start = System.nanoTime();
        String outcome = "error";
        try {
            Transfer transfer = work.get();
            outcome = "success";
            return transfer;
        } catch (DomainException e) {
            outcome = e.code().code();
            throw e;
        } finally {
            meters(kind, outcome).record(System.nanoTime() - start);
        }
    }

    /** The counter and timer of one kind and outcome, registered once. */
    private Meters meters(TransferKind kind, String outcome) {
        return metersByOutcome.computeIfAbsent(
                kind.code() + ":" + outcome,
                name -> new Meters(
                        Counter.builder("bursar.transfers")
                                .description("Transfers, deposits and withdrawals requested, by outcome")
                                .tag("kind", kind.code())
                                .tag("outcome", outcome)
                                .register(registry),
                        Timer.builder("bursar.transfer.duration")
                                .description("Time to post a transfer, deposit or withdrawal, retries included")
                                .tag("kind", kind.code())
                                .tag("outcome", outcome)
                                .publishPercentileHistogram()
                                .register(registry)));
    }

    private record Meters(Counter count, Timer duration) {

        void record(long nanos) {
            count.increment();
            duration.record(nanos, TimeUnit.NANOSECONDS);
        }
    }
}
