package dev.bursar.internal.service;

import dev.bursar.internal.domain.Account;
import dev.bursar.internal.domain.AccountKind;
import dev.bursar.internal.domain.AccountStatus;
import dev.bursar.internal.domain.Ids;
import dev.bursar.internal.repository.AccountRepository;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.springframework.stereotype.Component;

/**
 * The one system account per currency, the counterparty of deposits and withdrawals, created on
 * first use. Accounts are never deleted, so their ids are remembered once known.
 */
@Component
public class SystemAccounts {

    private final AccountRepository accounts;
    private final Clock clock;
    private final Map<String, UUID> idsByCurrency = new ConcurrentHashMap<>();

    public SystemAccounts(AccountRepository accounts, Clock clock) {
        this.accounts = accounts;
        this.clock = clock;
    }

    public UUID idFor(String currency) {
        UUID known = idsByCurrency.get(currency);
        if (known != null) {
            return known;
        }
        // Looked up outside the map: computeIfAbsent would hold its lock across database calls.
        UUID id = findOrCreate(currency);
        idsByCurrency.putIfAbsent(currency, id);
        return id;
    }

    private UUID findOrCreate(String currency) {
        // A concurrent first use may commit the row after this statement's snapshot: look again.
        for (int attempt = 0; attempt < 3; attempt++) {
            Instant now = Timestamps.now(clock);
            var created = accounts.insertSystemAccountIfAbsent(new Account(
                    Ids.newId(),
                    AccountKind.SYSTEM,
                    null,
                    "system " + currency,
                    currency,
                    0,
                    AccountStatus.ACTIVE,
                    0,
                    now,
                    now));
            if (created.isPresent()) {
                return created.get();
            }
        }
        throw new IllegalStateException("system account for " + currency + " neither found nor created");
    }
}
