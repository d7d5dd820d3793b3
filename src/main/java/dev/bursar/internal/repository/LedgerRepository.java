package dev.bursar.internal.repository;

import static dev.bursar.internal.repository.Timestamps.fromDb;

import dev.bursar.internal.domain.Entry;
import dev.bursar.internal.domain.Keyset;
import dev.bursar.internal.domain.PageRequest;
import dev.bursar.internal.domain.Transfer;
import dev.bursar.internal.domain.TransferKind;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The journal: transfers and their entries, written together with the balances they change. */
@Repository
public class LedgerRepository {

    private static final String TRANSFER_COLUMNS =
            "t.id, t.kind, t.from_account_id, t.to_account_id, t.amount, t.currency, t.description, t.created_at";
    private static final String ENTRY_COLUMNS =
            "id, transfer_id, account_id, entry_no, amount, balance_after, created_at";

    /** A transfer and the owners of its two accounts (null for system accounts), for visibility checks. */
    public record TransferWithOwners(Transfer transfer, UUID fromOwnerId, UUID toOwnerId) {}

    private final JdbcClient jdbc;

    public LedgerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** Writes many transfers and their entries in two statements; balances are written separately. */
    public void recordAll(List<Transfer> transfers, List<Entry> entries) {
        jdbc.sql("""
                        INSERT INTO transfers (id, kind, from_account_id, to_account_id, amount, currency, description,
                                               created_at)
                        SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:kinds AS text[]), CAST(:froms AS uuid[]),
                                             CAST(:tos AS uuid[]), CAST(:amounts AS bigint[]),
                                             CAST(:currencies AS text[]), CAST(:descriptions AS text[]),
                                             CAST(:createdAt AS timestamptz[]))""")
                .param(
                        "ids",
                        Arrays.sql(
                                transfers.stream().map(t -> t.id().toString()).toArray(String[]::new)))
                .param(
                        "kinds",
                        Arrays.sql(transfers.stream().map(t -> t.kind().code()).toArray(String[]::new)))
                .param(
                        "froms",
                        Arrays.sql(transfers.stream()
                                .map(t -> t.fromAccountId().toString())
                                .toArray(String[]::new)))
                .param(
                        "tos",
                        Arrays.sql(transfers.stream()
                                .map(t -> t.toAccountId().toString())
                                .toArray(String[]::new)))
                .param(
                        "amounts",
                        Arrays.sql(
                                transfers.stream().mapToLong(Transfer::amount).toArray()))
                .param(
                        "currencies",
                        Arrays.sql(transfers.stream().map(Transfer::currency).toArray(String[]::new)))
                .param(
                        "descriptions",
                        Arrays.sql(transfers.stream().map(Transfer::description).toArray(String[]::new)))
                .param(
                        "createdAt",
                        Arrays.sql(transfers.stream()
                                .map(t -> t.createdAt().toString())
                                .toArray(String[]::new)))
                .update();
        jdbc.sql("""
                        INSERT INTO entries (id, transfer_id, account_id, entry_no, amount, balance_after, created_at)
                        SELECT * FROM unnest(CAST(:ids AS uuid[]), CAST(:transfers AS uuid[]), CAST(:accounts AS uuid[]),
                                             CAST(:entryNos AS bigint[]), CAST(:amounts AS bigint[]),
                                             CAST(:balances AS bigint[]), CAST(:createdAt AS timestamptz[]))""")
                .param(
                        "ids",
                        Arrays.sql(entries.stream().map(e -> e.id().toString()).toArray(String[]::new)))
                .param(
                        "transfers",
                        Arrays.sql(entries.stream()
                                .map(e -> e.transferId().toString())
                                .toArray(String[]::new)))
                .param(
                        "accounts",
                        Arrays.sql(entries.stream()
                                .map(e -> e.accountId().toString())
                                .toArray(String[]::new)))
                .param(
                        "entryNos",
                        Arrays.sql(entries.stream().mapToLong(Entry::entryNo).toArray()))
                .param(
                        "amounts",
                        Arrays.sql(entries.stream().mapToLong(Entry::amount).toArray()))
                .param(
                        "balances",
                        Arrays.sql(
                                entries.stream().mapToLong(Entry::balanceAfter).toArray()))
                .param(
                        "createdAt",
                        Arrays.sql(entries.stream()
                                .map(e -> e.createdAt().toString())
                                .toArray(String[]::new)))
                .update();
    }

    /** The transfers with these ids that exist, by id. */
    public Map<UUID, Transfer> findTransfers(Collection<UUID> ids) {
        return jdbc
                .sql("SELECT " + TRANSFER_COLUMNS + " FROM transfers t WHERE t.id = ANY(CAST(:ids AS uuid[]))")
                .param("ids", Arrays.sql(ids.stream().map(UUID::toString).toArray(String[]::new)))
                .query((rs, row) -> mapTransfer(rs))
                .list()
                .stream()
                .collect(Collectors.toMap(Transfer::id, Function.identity()));
    }

    public Optional<TransferWithOwners> findTransfer(UUID id) {
        return jdbc.sql("SELECT " + TRANSFER_COLUMNS + ", f.owner_id AS from_owner_id, d.owner_id AS to_owner_id"
                        + " FROM transfers t JOIN accounts f ON f.id = t.from_account_id"
                        + " JOIN accounts d ON d.id = t.to_account_id WHERE t.id = :id")
                .param("id", id)
                .query((rs, row) -> new TransferWithOwners(
                        mapTransfer(rs),
                        rs.getObject("from_owner_id", UUID.class),
                        rs.getObject("to_owner_id", UUID.class)))
                .optional();
    }

    /** Up to {@code limit + 1} of the account's entries before the keyset, newest first. */
    public List<Entry> entries(UUID accountId, PageRequest page) {
        Keyset.ByEntryNo before = page.after().map(Keyset.ByEntryNo.class::cast).orElse(null);
        return jdbc.sql("SELECT " + ENTRY_COLUMNS + " FROM entries WHERE account_id = :accountId"
                        + (before == null ? "" : " AND entry_no < :entryNo")
                        + " ORDER BY entry_no DESC LIMIT :limit")
                .param("accountId", accountId)
                .param("entryNo", before == null ? null : before.entryNo())
                .param("limit", page.limit() + 1)
                .query(LedgerRepository::mapEntry)
                .list();
    }

    private static Transfer mapTransfer(ResultSet rs) throws SQLException {
        return new Transfer(
                rs.getObject("id", UUID.class),
                TransferKind.fromCode(rs.getString("kind")),
                rs.getObject("from_account_id", UUID.class),
                rs.getObject("to_account_id", UUID.class),
                rs.getLong("amount"),
                rs.getString("currency"),
                rs.getString("description"),
                fromDb(rs, "created_at"));
    }

    private static Entry mapEntry(ResultSet rs, int row) throws SQLException {
        return new Entry(
                rs.getObject("id", UUID.class),
                rs.getObject("transfer_id", UUID.class),
                rs.getObject("account_id", UUID.class),
                rs.getLong("entry_no"),
                rs.getLong("amount"),
                rs.getLong("balance_after"),
                fromDb(rs, "created_at"));
    }
}
