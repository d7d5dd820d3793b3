package dev.bursar.internal.service;

import dev.bursar.internal.domain.Account;
import dev.bursar.internal.domain.DomainException;
import dev.bursar.internal.domain.Entry;
import dev.bursar.internal.domain.Ids;
import dev.bursar.internal.domain.Posting;
import dev.bursar.internal.domain.Transfer;
import dev.bursar.internal.domain.TransferKind;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;

/**
 * Turns a requested movement into what the ledger writes, against the locked state of its
 * accounts: who may use which account, then the posting rules. Shared by the one-transaction
 * and the group-commit paths, so both decide exactly alike.
 */
final class MovementRules {

    /** A checked movement: the transfer, its two entries, and both accounts as they are afterwards. */
    record Posted(Transfer transfer, Entry debit, Entry credit, Account fromAfter, Account toAfter) {}

    private MovementRules() {}

    /** @param locked the accounts as locked by the calling transaction, by id */
    static Posted post(Movement movement, Map<UUID, Account> locked, Instant now) {
        Account from = usable(locked, movement.from(), movement);
        Account to = usable(locked, movement.to(), movement);
        Posting.Balances balances = Posting.apply(from, to, movement.money());
        long amount = movement.money().amount();
        Transfer transfer = new Transfer(
                movement.transferId(),
                movement.kind(),
                from.id(),
                to.id(),
                amount,
                movement.money().currency().getCurrencyCode(),
                movement.description(),
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
    private static Account usable(Map<UUID, Account> locked, UUID id, Movement movement) {
        Account account = locked.get(id);
        if (account == null) {
            throw DomainException.notFound("account");
        }
        boolean source = id.equals(movement.from()) && movement.kind() == TransferKind.TRANSFER;
        boolean mayUse =
                movement.caller().isAdmin() || (source ? account.isVisibleTo(movement.caller()) : !account.isSystem());
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
