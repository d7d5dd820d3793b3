-- Token buckets of the PostgreSQL rate-limit store (bursar.rate-limit.store=postgres), in the
-- layout Bucket4j's PostgreSQL integration reads and writes: serialized state per bucket name.
CREATE TABLE rate_limit_buckets (
    id         text   PRIMARY KEY,
    state      bytea,
    -- Epoch milliseconds after which the bucket would be full again and may be deleted.
    expires_at bigint
);

CREATE INDEX rate_limit_buckets_expires_at_idx ON rate_limit_buckets (expires_at);
