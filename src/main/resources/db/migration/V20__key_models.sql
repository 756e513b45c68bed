-- The model ids a provider key's own GET /models answered, stored when the key is saved or
-- re-validated, so the gateway can list (and route to) exactly what an account's keys reach.
-- account_id is repeated from provider_keys so every query can filter by account on this table alone.
-- ON DELETE CASCADE: deleting a key deletes its list, on PostgreSQL and on SQLite (which the store
-- opens with foreign keys enforced).
CREATE TABLE provider_key_models (
    key_id     TEXT   NOT NULL REFERENCES provider_keys (id) ON DELETE CASCADE,
    account_id TEXT   NOT NULL REFERENCES accounts (id),
    model_id   TEXT   NOT NULL,
    listed_at  BIGINT NOT NULL,
    PRIMARY KEY (key_id, model_id)
);
CREATE INDEX provider_key_models_account ON provider_key_models (account_id, model_id);
