-- The ledger: accounts with balances in minor units, transfers, and the double-entry journal.

CREATE TABLE accounts (
    id          uuid        PRIMARY KEY,
    kind        text        NOT NULL CHECK (kind IN ('user', 'system')),
    -- A user with accounts cannot be deleted (no ON DELETE action).
    owner_id    uuid        REFERENCES users (id),
    name        text        CHECK (length(name) <= 200),
    currency    text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    balance     bigint      NOT NULL DEFAULT 0,
    status      text        NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'frozen', 'closed')),
    -- Number of journal entries so far: the next entry of this account is entry_count + 1.
    entry_count bigint      NOT NULL DEFAULT 0 CHECK (entry_count >= 0),
    created_at  timestamptz NOT NULL,
    updated_at  timestamptz NOT NULL,
    CONSTRAINT accounts_owner_matches_kind CHECK ((kind = 'user') = (owner_id IS NOT NULL)),
    -- The last line of defence against overdrafts: only system accounts may go negative.
    CONSTRAINT accounts_user_balance_not_negative CHECK (kind = 'system' OR balance >= 0),
    CONSTRAINT accounts_closed_are_empty CHECK (status <> 'closed' OR balance = 0)
);

-- One system account per currency: the counterparty of deposits and withdrawals.
CREATE UNIQUE INDEX accounts_system_currency_key ON accounts (currency) WHERE kind = 'system';
CREATE INDEX accounts_owner_created_at_id_idx ON accounts (owner_id, created_at, id) WHERE owner_id IS NOT NULL;
CREATE INDEX accounts_kind_created_at_id_idx ON accounts (kind, created_at, id);

CREATE TABLE transfers (
    id              uuid        PRIMARY KEY,
    kind            text        NOT NULL CHECK (kind IN ('transfer', 'deposit', 'withdrawal')),
    from_account_id uuid        NOT NULL REFERENCES accounts (id),
    to_account_id   uuid        NOT NULL REFERENCES accounts (id),
    amount          bigint      NOT NULL CHECK (amount BETWEEN 1 AND 9007199254740991),
    currency        text        NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    description     text        CHECK (length(description) <= 500),
    created_at      timestamptz NOT NULL,
    CONSTRAINT transfers_between_two_accounts CHECK (from_account_id <> to_account_id)
);

CREATE INDEX transfers_from_account_idx ON transfers (from_account_id);
CREATE INDEX transfers_to_account_idx ON transfers (to_account_id);

-- One line per account per transfer. entry_no orders an account's journal without ambiguity:
-- it is taken while the account row is locked, so it follows the order of balance changes.
CREATE TABLE entries (
    id            uuid        PRIMARY KEY,
    account_id    uuid        NOT NULL REFERENCES accounts (id),
    entry_no      bigint      NOT NULL CHECK (entry_no >= 1),
    transfer_id   uuid        NOT NULL REFERENCES transfers (id),
    amount        bigint      NOT NULL CHECK (amount <> 0),
    balance_after bigint      NOT NULL,
    created_at    timestamptz NOT NULL,
    CONSTRAINT entries_account_entry_no_key UNIQUE (account_id, entry_no),
    CONSTRAINT entries_transfer_account_key UNIQUE (transfer_id, account_id)
);

-- Idempotency-Key records, scoped to the calling user. While a request is being processed the
-- record holds a claim (claim_token, locked_until); once done it holds the response to replay.
CREATE TABLE idempotency_records (
    caller_id    uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    key          text        NOT NULL CHECK (length(key) BETWEEN 1 AND 255),
    fingerprint  bytea       NOT NULL CHECK (length(fingerprint) = 32),
    claim_token  uuid,
    locked_until timestamptz,
    status       integer     CHECK (status BETWEEN 200 AND 599),
    content_type text,
    location     text,
    body         bytea,
    created_at   timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    PRIMARY KEY (caller_id, key),
    CONSTRAINT idempotency_records_claimed_or_done CHECK (
        (claim_token IS NOT NULL AND locked_until IS NOT NULL AND status IS NULL)
        OR (claim_token IS NULL AND locked_until IS NULL AND status IS NOT NULL AND body IS NOT NULL))
);

CREATE INDEX idempotency_records_expires_at_idx ON idempotency_records (expires_at);
