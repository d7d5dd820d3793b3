-- Users and the API keys they authenticate with.

CREATE TABLE users (
    id         uuid        PRIMARY KEY,
    email      text        NOT NULL CHECK (length(email) BETWEEN 3 AND 254),
    name       text        NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    role       text        NOT NULL CHECK (role IN ('admin', 'user')),
    created_at timestamptz NOT NULL,
    updated_at timestamptz NOT NULL
);

-- Emails keep their spelling but are unique regardless of case.
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
-- Keyset pagination: oldest first, ties broken by id.
CREATE INDEX users_created_at_id_idx ON users (created_at, id);

CREATE TABLE api_keys (
    id           uuid        PRIMARY KEY,
    user_id      uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    name         text        CHECK (length(name) <= 200),
    prefix       text        NOT NULL CHECK (length(prefix) BETWEEN 1 AND 12),
    -- SHA-256 of the key: the key itself is never stored.
    key_hash     bytea       NOT NULL UNIQUE CHECK (length(key_hash) = 32),
    created_at   timestamptz NOT NULL,
    last_used_at timestamptz,
    revoked_at   timestamptz
);

CREATE INDEX api_keys_user_created_at_id_idx ON api_keys (user_id, created_at, id);
