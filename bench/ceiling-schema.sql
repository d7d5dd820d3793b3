-- The database ceiling: the smallest correct transfer schema, for pgbench (database "ceiling").
-- 10,000 accounts, each funded far beyond what a run can move; the hot scenario uses ids 1..10.
CREATE TABLE accounts (
    id      int    PRIMARY KEY,
    balance bigint NOT NULL CHECK (balance >= 0)
);
CREATE TABLE transfers (
    id         bigserial   PRIMARY KEY,
    from_id    int         NOT NULL,
    to_id      int         NOT NULL,
    amount     bigint      NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);
INSERT INTO accounts (id, balance) SELECT g, 1000000000 FROM generate_series(1, 10000) g;
VACUUM ANALYZE;
