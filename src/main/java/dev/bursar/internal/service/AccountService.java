package dev.bursar.internal.service;

import dev.bursar.internal.domain.Account;
import dev.bursar.internal.domain.AccountKind;
import dev.bursar.internal.domain.AccountStatus;
import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.DomainException;
import dev.bursar.internal.domain.Entry;
import dev.bursar.internal.domain.ErrorCode;
import dev.bursar.internal.domain.Ids;
import dev.bursar.internal.domain.Keyset;
import dev.bursar.internal.domain.Page;
import dev.bursar.internal.domain.PageRequest;
import dev.bursar.internal.repository.AccountRepository;
import dev.bursar.internal.repository.LedgerRepository;
import dev.bursar.internal.repository.UserRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Opening, listing and changing accounts, and reading their journals. */
@Service
public class AccountService {

    private final AccountRepository accounts;
    private final LedgerRepository journal;
    private final UserRepository users;
    private final Clock clock;

    public AccountService(AccountRepository accounts, LedgerRepository journal, UserRepository users, Clock clock) {
        this.accounts = accounts;
        this.journal = journal;
        this.users = users;
        this.clock = clock;
    }

    /**
     * Opens an account with balance 0: users for themselves, admins for anyone (themselves when
     * no owner is given).
     *
     * @param currency an ISO 4217 code, already validated
     */
    public Account open(Caller caller, String currency, String name, Optional<UUID> ownerId) {
        if (ownerId.isPresent() && !caller.isAdmin()) {
            throw DomainException.forbidden("only admins open accounts for others");
        }
        UUID owner = ownerId.orElse(caller.userId());
        if (users.findById(owner).isEmpty()) {
            throw DomainException.notFound("user");
        }
        Instant now = Timestamps.now(clock);
        Account account =
                new Account(Ids.newId(), AccountKind.USER, owner, name, currency, 0, AccountStatus.ACTIVE, 0, now, now);
        accounts.insert(account);
        return account;
    }

    /**
     * Users see their own accounts; admins see every user account, or one owner's, or (with kind
     * {@code system}) the system accounts.
     */
    public Page<Account> list(Caller caller, Optional<AccountKind> kind, Optional<UUID> ownerId, PageRequest page) {
        if (!caller.isAdmin() && (ownerId.isPresent() || kind.orElse(AccountKind.USER) == AccountKind.SYSTEM)) {
            throw DomainException.forbidden("only admins list other owners' or system accounts");
        }
        Optional<UUID> owner = caller.isAdmin() ? ownerId : Optional.of(caller.userId());
        return Page.of(
                accounts.page(kind.orElse(AccountKind.USER), owner, page),
                page.limit(),
                account -> new Keyset.ByCreation(account.createdAt(), account.id()));
    }

    public Account get(Caller caller, UUID id) {
        return accounts.findById(id)
                .filter(account -> account.isVisibleTo(caller))
                .orElseThrow(() -> DomainException.notFound("account"));
    }

    /** Freezes, unfreezes or closes an account (admins only). Closing needs balance 0; closed is final. */
    @Transactional
    public Account changeStatus(Caller caller, UUID id, AccountStatus status) {
        if (!caller.isAdmin()) {
            throw DomainException.forbidden("only admins change account status");
        }
        Account account = journal.lockInIdOrder(List.of(id)).stream()
                .findFirst()
                .orElseThrow(() -> DomainException.notFound("account"));
        if (account.status() == AccountStatus.CLOSED) {
            throw new DomainException(ErrorCode.ACCOUNT_CLOSED, "the account is closed; closed is final");
        }
        if (status == AccountStatus.CLOSED && account.balance() != 0) {
            throw new DomainException(ErrorCode.ACCOUNT_NOT_EMPTY, "only an account with balance 0 can be closed");
        }
        return accounts.updateStatus(id, status, Timestamps.now(clock));
    }

    /** The account's journal, newest first. */
    @Transactional(readOnly = true)
    public Page<Entry> entries(Caller caller, UUID accountId, PageRequest page) {
        get(caller, accountId);
        return Page.of(journal.entries(accountId, page), page.limit(), entry -> new Keyset.ByEntryNo(entry.entryNo()));
    }
}
