-- An Idempotency-Key keeps the outcome of its request instead of the bytes of an HTTP response:
-- the transfer it made (a replay renders that transfer again) or the problem it was refused with.
ALTER TABLE idempotency_records ADD COLUMN transfer_id uuid, ADD COLUMN problem text;

UPDATE idempotency_records
SET transfer_id = CAST(substring(location FROM '[0-9a-fA-F-]{36}$') AS uuid)
WHERE status BETWEEN 200 AND 299;

UPDATE idempotency_records SET problem = convert_from(body, 'UTF8') WHERE status >= 300;

-- A stored success without a transfer (none is ever written) or a stored 5xx could not be replayed.
DELETE FROM idempotency_records
WHERE (status BETWEEN 200 AND 299 AND transfer_id IS NULL) OR status >= 500 OR status < 200;

ALTER TABLE idempotency_records
    DROP CONSTRAINT idempotency_records_claimed_or_done,
    DROP COLUMN content_type,
    DROP COLUMN location,
    DROP COLUMN body,
    ADD CONSTRAINT idempotency_records_claimed_or_done CHECK (
        (claim_token IS NOT NULL AND locked_until IS NOT NULL
            AND status IS NULL AND transfer_id IS NULL AND problem IS NULL)
        OR (claim_token IS NULL AND locked_until IS NULL AND (
            (status BETWEEN 200 AND 299 AND transfer_id IS NOT NULL AND problem IS NULL)
            OR (status BETWEEN 400 AND 499 AND problem IS NOT NULL AND transfer_id IS NULL))));
