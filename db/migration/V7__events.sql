-- Events: every committed change of an account's balance, written in the transaction that makes
-- it (a transactional outbox) and read by every replica to stream to subscribers.
--
-- seq is taken from events_seq while the writing transaction holds the advisory lock
-- events_commit_order (see LedgerRepository.recordEvents), which it keeps until its commit is
-- visible: seq values therefore become visible in increasing order, and a reader that has seen seq
-- n never later finds a smaller one committed. Gaps (rolled-back transactions) are normal.
CREATE SEQUENCE events_seq AS bigint;

CREATE TABLE events (
    seq               bigint      PRIMARY KEY,
    type              text        NOT NULL CHECK (type IN ('entry.posted', 'hold.created', 'hold.captured',
                                                           'hold.voided', 'hold.expired')),
    account_id        uuid        NOT NULL,
    -- Not sent: who may see the event (null for system accounts, which only admins see).
    owner_id          uuid,
    transfer_id       uuid,
    hold_id           uuid,
    amount            bigint      NOT NULL,
    balance_after     bigint      NOT NULL,
    available_balance bigint      NOT NULL,
    created_at        timestamptz NOT NULL
);

CREATE INDEX events_account_id_seq_idx ON events (account_id, seq);
CREATE INDEX events_owner_id_seq_idx ON events (owner_id, seq) WHERE owner_id IS NOT NULL;
-- Retention deletes by age; rows arrive in time order, which a BRIN index follows at little cost.
CREATE INDEX events_created_at_idx ON events USING brin (created_at);

-- Tickets for clients that cannot send Authorization (browsers' EventSource and WebSocket): single
-- use, short-lived, bound to the caller and the key it used. Only a hash of the ticket is kept.
CREATE TABLE event_tickets (
    ticket_hash bytea       PRIMARY KEY CHECK (length(ticket_hash) = 32),
    user_id     uuid        NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    api_key_id  uuid        NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    expires_at  timestamptz NOT NULL
);

CREATE INDEX event_tickets_expires_at_idx ON event_tickets (expires_at);

-- The highest seq that retention has deleted: resuming from below it would skip events (410).
CREATE TABLE events_horizon (
    only_row boolean PRIMARY KEY DEFAULT true CHECK (only_row),
    seq      bigint  NOT NULL
);

INSERT INTO events_horizon (seq) VALUES (0);
