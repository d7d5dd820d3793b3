-- pgbench script: one correct transfer between two random distinct accounts among 1..:N
-- (pgbench -D N=10000 or -D N=10). Locks both rows in id order (no deadlock), debits only when
-- the balance suffices, credits only when the debit happened, records the transfer only when both did.
\set a random(1, :N)
\set b random(1, :N - 1)
\set b CASE WHEN :b >= :a THEN :b + 1 ELSE :b END
\set amount random(1, 100)
BEGIN;
SELECT id FROM accounts WHERE id IN (:a, :b) ORDER BY id FOR UPDATE;
WITH debit AS (
    UPDATE accounts SET balance = balance - :amount
    WHERE id = :a AND balance >= :amount
    RETURNING id
), credit AS (
    UPDATE accounts SET balance = balance + :amount
    WHERE id = :b AND EXISTS (SELECT 1 FROM debit)
    RETURNING id
)
INSERT INTO transfers (from_id, to_id, amount)
SELECT :a, :b, :amount
WHERE EXISTS (SELECT 1 FROM debit) AND EXISTS (SELECT 1 FROM credit);
END;
