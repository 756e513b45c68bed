-- Key pools: one row per account and provider that the account configured (absent = the default,
-- fallback order and no credits fall-through).
CREATE TABLE key_pools (
    account_id          TEXT    NOT NULL REFERENCES accounts (id),
    provider            TEXT    NOT NULL,
    strategy            TEXT    NOT NULL CHECK (strategy IN ('FALLBACK', 'ROUND_ROBIN', 'WEIGHTED', 'RANDOM')),
    fallback_to_credits INTEGER NOT NULL,
    updated_at          BIGINT  NOT NULL,
    PRIMARY KEY (account_id, provider)
);
