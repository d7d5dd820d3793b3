-- No query looks transfers up by account (an account's history is its journal, entries), and
-- accounts are never deleted, so these indexes only cost every transfer two more index writes.
DROP INDEX transfers_from_account_idx;
DROP INDEX transfers_to_account_idx;
