-- Presets: named routing configurations of an account, used as model "@preset/<name>". The
-- settings (models, provider order, credits choice, system prompt, default parameters, key pins)
-- are one JSON document, read and written whole; only the name is ever looked up.
CREATE TABLE presets (
    id          TEXT   NOT NULL PRIMARY KEY,
    account_id  TEXT   NOT NULL REFERENCES accounts (id),
    name        TEXT   NOT NULL,
    config_json TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE UNIQUE INDEX presets_account_name ON presets (account_id, name);
