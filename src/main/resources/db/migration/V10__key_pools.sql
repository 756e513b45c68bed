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

-- The operator's own provider keys (they serve credits traffic) live in provider_keys under this
-- account, sealed by the same vault. It has no API key and no usable password ('!' is no hash),
-- so nobody can sign in as it, and every account-facing query is scoped to the caller's own id.
INSERT INTO accounts (id, email, password_hash, created_at)
VALUES ('operator', 'operator@anyrouter.invalid', '!', 0);
