-- Every key that start-up has installed from BURSAR_ADMIN_API_KEY. A row outlives the key's
-- revocation and its user's deletion, so that start-up never installs a retired key again, and a
-- new BURSAR_ADMIN_API_KEY knows which keys it retires.
CREATE TABLE bootstrap_keys (
    key_hash     bytea       PRIMARY KEY CHECK (length(key_hash) = 32),
    installed_at timestamptz NOT NULL
);

-- Earlier releases gave the keys they installed the name 'bootstrap' and an admin as holder.
INSERT INTO bootstrap_keys (key_hash, installed_at)
SELECT k.key_hash, k.created_at
FROM api_keys k JOIN users u ON u.id = k.user_id
WHERE k.name = 'bootstrap' AND u.role = 'admin';
