package dev.bursar.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import tools.jackson.databind.JsonNode;

/** Checks of the ledger's invariants as a client sees them through the API. */
public final class LedgerAssertions {

    private LedgerAssertions() {}

    /**
     * Walks the account's journal oldest to newest: each balance_after is the previous one plus
     * amount, starting from 0, and the newest equals the account's balance. Returns the entries,
     * oldest first.
     */
    public static List<JsonNode> assertJournalChain(TestApi api, UUID accountId) {
        List<JsonNode> entries =
                new ArrayList<>(api.readAll("/api/v1/accounts/" + accountId + "/entries", TestApi.ADMIN_KEY, 100));
        Collections.reverse(entries);
        long balance = 0;
        for (JsonNode entry : entries) {
            assertThat(entry.path("account_id").asString()).isEqualTo(accountId.toString());
            balance += entry.path("amount").asLong();
            assertThat(entry.path("balance_after").asLong())
                    .as("balance_after of entry %s", entry)
                    .isEqualTo(balance);
        }
        assertThat(api.balance(accountId)).as("balance of %s", accountId).isEqualTo(balance);
        return entries;
    }

    /**
     * After a load that moved money only among {@code accounts}, which held {@code total} together:
     * every journal is intact, the total is unchanged, and every acknowledged transfer is in the
     * journals. Returns the ids of the transfers in the journals.
     */
    public static Set<String> assertLedgerAfterLoad(
            TestApi api, List<UUID> accounts, long total, Collection<String> acknowledged) {
        long sum = 0;
        Set<String> journaled = new HashSet<>();
        for (UUID account : accounts) {
            assertJournalChain(api, account)
                    .forEach(entry -> journaled.add(entry.path("transfer_id").asString()));
            sum += api.balance(account);
        }
        assertThat(sum).as("money held by the accounts together").isEqualTo(total);
        assertThat(journaled).as("transfers in the journals").containsAll(acknowledged);
        return journaled;
    }
}
