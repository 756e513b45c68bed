-- How each account's opening grant was decided: granted, withheld (over a limit; reason says which)
-- or awaiting a verified e-mail. client_key is the SHA-256 of the sign-up address (an IPv6
-- address's /64), kept so a grant deferred until the e-mail is verified counts against the address
-- that signed up.
CREATE TABLE signup_grants (
    account_id    TEXT   NOT NULL PRIMARY KEY REFERENCES accounts (id),
    client_key    TEXT   NOT NULL,
    state         TEXT   NOT NULL CHECK (state IN ('granted', 'withheld', 'awaiting_email')),
    reason        TEXT,
    amount_micros BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    decided_at    BIGINT
);

-- The grant limits' counters: one row per client key, and '*' for all addresses together. A window
-- starts with its first grant; a conditional UPDATE takes a grant from it, atomic on both engines.
CREATE TABLE signup_grant_windows (
    client_key   TEXT    NOT NULL PRIMARY KEY,
    window_start BIGINT  NOT NULL,
    granted      INTEGER NOT NULL CHECK (granted >= 0)
);
CREATE INDEX signup_grant_windows_start ON signup_grant_windows (window_start);

-- E-mail verification: the token lives only in the mail; the table keeps its SHA-256.
ALTER TABLE accounts ADD COLUMN email_verified_at BIGINT;
CREATE TABLE email_verifications (
    token_hash TEXT   NOT NULL PRIMARY KEY,
    account_id TEXT   NOT NULL REFERENCES accounts (id),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at    BIGINT
);
CREATE INDEX email_verifications_account ON email_verifications (account_id, created_at);

-- Which gateway node holds a reservation: a node that starts again releases its own holds at once
-- (the requests they were for died with the process), and no other node's.
ALTER TABLE credit_holds ADD COLUMN node_id TEXT;
