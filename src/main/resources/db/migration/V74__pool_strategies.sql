-- Pools may order their keys by headroom (rate limits left) or latency (time to first token).
-- The strategy's CHECK is part of the column, which neither SQLite nor a common ALTER can change in
-- place, so the table is rebuilt with the same rows.
CREATE TABLE key_pools_v62 (
    account_id          TEXT    NOT NULL REFERENCES accounts (id),
    provider            TEXT    NOT NULL,
    strategy            TEXT    NOT NULL CHECK (strategy IN ('FALLBACK', 'ROUND_ROBIN', 'WEIGHTED', 'RANDOM', 'HEADROOM', 'LATENCY')),
    fallback_to_credits INTEGER NOT NULL,
    updated_at          BIGINT  NOT NULL,
    credits_without_keys INTEGER NOT NULL DEFAULT 1,
    PRIMARY KEY (account_id, provider)
);
INSERT INTO key_pools_v62 (account_id, provider, strategy, fallback_to_credits, updated_at, credits_without_keys)
    SELECT account_id, provider, strategy, fallback_to_credits, updated_at, credits_without_keys FROM key_pools;
DROP TABLE key_pools;
ALTER TABLE key_pools_v62 RENAME TO key_pools;
