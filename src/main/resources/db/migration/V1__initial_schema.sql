-- AnyRouter schema, version 1.
-- One SQL subset that SQLite and PostgreSQL both accept: TEXT ids (UUIDs made in Java), BIGINT
-- epoch-millisecond timestamps, INTEGER 0/1 flags, money as BIGINT micro-dollars
-- (1 USD = 1,000,000), TEXT for JSON and base64. No AUTOINCREMENT / SERIAL.

CREATE TABLE settings (
    name  TEXT NOT NULL PRIMARY KEY,
    value TEXT NOT NULL
);

CREATE TABLE accounts (
    id            TEXT   NOT NULL PRIMARY KEY,
    email         TEXT   NOT NULL,
    password_hash TEXT   NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX accounts_email ON accounts (email);

-- AnyRouter API keys: only the SHA-256 of the key is stored, plus a short display prefix.
CREATE TABLE api_keys (
    id           TEXT   NOT NULL PRIMARY KEY,
    account_id   TEXT   NOT NULL REFERENCES accounts (id),
    name         TEXT   NOT NULL,
    prefix       TEXT   NOT NULL,
    key_hash     TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked_at   BIGINT
);
CREATE UNIQUE INDEX api_keys_hash ON api_keys (key_hash);
CREATE INDEX api_keys_account ON api_keys (account_id, created_at);

-- Dashboard sessions: the token is stored only as its SHA-256.
CREATE TABLE sessions (
    token_hash TEXT   NOT NULL PRIMARY KEY,
    account_id TEXT   NOT NULL REFERENCES accounts (id),
    csrf_token TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);

-- The credits ledger: a balance is the sum of an account's entries, nothing else.
CREATE TABLE ledger_entries (
    id            TEXT   NOT NULL PRIMARY KEY,
    account_id    TEXT   NOT NULL REFERENCES accounts (id),
    amount_micros BIGINT NOT NULL,
    kind          TEXT   NOT NULL CHECK (kind IN ('grant', 'debit', 'topup')),
    request_id    TEXT,
    memo          TEXT   NOT NULL,
    created_at    BIGINT NOT NULL
);
CREATE INDEX ledger_entries_account ON ledger_entries (account_id, created_at);
-- A request is billed once: a retried debit for the same request is a no-op.
-- (NULL request ids are distinct from each other on both engines.)
CREATE UNIQUE INDEX ledger_entries_request ON ledger_entries (account_id, kind, request_id);

-- BYOK provider keys. The credential is sealed by the vault (ciphertext + wrapped data key).
CREATE TABLE provider_keys (
    id            TEXT    NOT NULL PRIMARY KEY,
    account_id    TEXT    NOT NULL REFERENCES accounts (id),
    provider      TEXT    NOT NULL,
    alias         TEXT    NOT NULL,
    masked        TEXT    NOT NULL,
    priority      INTEGER NOT NULL,
    weight        INTEGER NOT NULL,
    base_url      TEXT,
    headers_json  TEXT    NOT NULL,
    scope_json    TEXT    NOT NULL,
    status        TEXT    NOT NULL CHECK (status IN ('ACTIVE', 'DISABLED', 'QUARANTINED')),
    status_reason TEXT,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL,
    last_used_at  BIGINT,
    ciphertext    TEXT    NOT NULL,
    wrapped_key   TEXT    NOT NULL,
    key_version   INTEGER NOT NULL
);
CREATE INDEX provider_keys_account ON provider_keys (account_id, provider, status, priority, created_at);
CREATE INDEX provider_keys_version ON provider_keys (key_version);

-- One row per finished request (written in batches, idempotent on id). Deliberately no foreign
-- key and few NOT NULLs: the writer retries a failed batch, so one odd row must not block the log.
CREATE TABLE usage_records (
    id            TEXT    NOT NULL PRIMARY KEY,
    created_at    BIGINT  NOT NULL,
    account_id    TEXT    NOT NULL,
    api_key_id    TEXT,
    model         TEXT,
    provider      TEXT,
    key_id        TEXT,
    key_alias     TEXT,
    status        INTEGER NOT NULL,
    error_code    TEXT,
    stream        INTEGER NOT NULL,
    input_tokens  BIGINT  NOT NULL,
    output_tokens BIGINT  NOT NULL,
    cached_tokens BIGINT  NOT NULL,
    latency_ms    BIGINT  NOT NULL,
    ttft_ms       BIGINT,
    app_referer   TEXT,
    app_title     TEXT
);
CREATE INDEX usage_records_account_time ON usage_records (account_id, created_at DESC, id DESC);
