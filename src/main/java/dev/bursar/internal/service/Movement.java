package dev.bursar.internal.service;

import dev.bursar.internal.domain.Account;
import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.DomainException;
import dev.bursar.internal.domain.Entry;
import dev.bursar.internal.domain.Ids;
import dev.bursar.internal.domain.Money;
import dev.bursar.internal.domain.Posting;
import dev.bursar.internal.domain.Transfer;
import dev.bursar.internal.domain.TransferKind;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * A movement of money someone asked for, and the rules it must pass when the ledger posts it. Its
 * transfer id is fixed when it is asked for, so that posting it again (after a commit whose
 * outcome was not seen) finds the transfer instead of making a second one.
 */
record Movement(
        UUID transferId, Caller caller, TransferKind kind, UUID from, UUID to, Money money, String description) {

    Movement(Caller caller, TransferKind kind, UUID from, UUID to, Money money, String description) {
        this(Ids.newId(), caller, kind, from, to, money, description);
    }

    /** A checked movement: the transfer, its two entries, and both accounts as they are afterwards. */
    record Posted(Transfer transfer, Entry debit, Entry credit, Account fromAfter, Account toAfter) {}

    /**
     * What the ledger writes for this movement, against the locked state of its accounts: who may
     * use which account, then the posting rules ({@link Posting}).
     *
     * @param locked the accounts as locked by the calling transaction, by id
     * @throws DomainException the rule the movement breaks
     */
    Posted post(Map<UUID, Account> locked, Instant now) {
        Account from = usable(locked, from());
        Account to = usable(locked, to());
        Posting.Balances balances = Posting.apply(from, to, money());
        long amount = money().amount();
        Transfer transfer = new Transfer(
                transferId(),
                kind(),
                from.id(),
                to.id(),
                amount,
                money().currency().getCurrencyCode(),
                description(),
                now);
        Entry debit = new Entry(
                Ids.newId(), transfer.id(), from.id(), from.entryCount() + 1, -amount, balances.fromAfter(), now);
        Entry credit =
                new Entry(Ids.newId(), transfer.id(), to.id(), to.entryCount() + 1, amount, balances.toAfter(), now);
        return new Posted(transfer, debit, credit, after(from, debit, now), after(to, credit, now));
    }

    /**
     * The account, if the caller may move money with it: admins any account; users only from
     * accounts they own, to any user account. Anything else does not exist as far as they know.
     */
    private Account usable(Map<UUID, Account> locked, UUID id) {
        Account account = locked.get(id);
        if (account == null) {
            throw DomainException.notFound("account");
        }
        boolean source = id.equals(from()) && kind() == TransferKind.TRANSFER;
        boolean mayUse = caller().isAdmin() || (source ? account.isVisibleTo(caller()) : !account.isSystem());
        if (!mayUse) {
            throw DomainException.notFound("account");
        }
        return account;
    }

    private static Account after(Account account, Entry entry, Instant now) {
        return new Account(
                account.id(),
                account.kind(),
                account.ownerId(),
                account.name(),
                account.currency(),
                entry.balanceAfter(),
                account.status(),
                entry.entryNo(),
                account.createdAt(),
                now);
    }
}
