-- Ledger invariants of the bursar database. Each row: check name | number of violations (0 = ok).
-- Run with: psql -X -At -F '|' -f bench/invariants.sql

-- Double entry: per currency, all balances (system accounts included) add up to zero.
SELECT 'currency_sums_zero', count(*)
FROM (SELECT currency FROM accounts GROUP BY currency HAVING sum(balance) <> 0) unbalanced;

-- No user account below zero.
SELECT 'user_balances_not_negative', count(*)
FROM accounts WHERE kind = 'user' AND balance < 0;

-- Each account's journal: entry_no runs 1..n without gaps, and balance_after is the running sum.
SELECT 'journal_chains', count(*)
FROM (SELECT entry_no, balance_after,
             row_number() OVER w AS expected_no,
             sum(amount) OVER w AS running_balance
      FROM entries
      WINDOW w AS (PARTITION BY account_id ORDER BY entry_no ROWS UNBOUNDED PRECEDING)) chain
WHERE entry_no <> expected_no OR balance_after <> running_balance;

-- Each account agrees with its journal: entry_count = number of entries, balance = last
-- balance_after (0 for an account without entries).
SELECT 'accounts_match_journal', count(*)
FROM accounts a
LEFT JOIN (SELECT account_id, count(*) AS n, max(entry_no) AS last_no
           FROM entries GROUP BY account_id) s ON s.account_id = a.id
LEFT JOIN entries last ON last.account_id = a.id AND last.entry_no = s.last_no
WHERE coalesce(s.n, 0) <> a.entry_count OR coalesce(last.balance_after, 0) <> a.balance;

-- Each transfer (deposits and withdrawals included) has exactly two entries that sum to zero:
-- minus the amount on the source account, plus the amount on the destination account.
SELECT 'transfers_two_entries', count(*)
FROM transfers t
LEFT JOIN (SELECT transfer_id, count(*) AS n, sum(amount) AS total,
                  array_agg(account_id ORDER BY amount) AS accounts,
                  max(amount) AS credit
           FROM entries GROUP BY transfer_id) e ON e.transfer_id = t.id
WHERE e.n IS DISTINCT FROM 2
   OR e.total <> 0
   OR e.credit <> t.amount
   OR e.accounts <> ARRAY[t.from_account_id, t.to_account_id];
