-- Sessions get a public id (what the account page lists and ends, never the token), the time of
-- their last use (the idle timeout) and the browser that made them. Sessions from before this
-- version are ended: their users sign in again once.
DROP TABLE sessions;
CREATE TABLE sessions (
    id           TEXT   NOT NULL PRIMARY KEY,
    token_hash   TEXT   NOT NULL,
    account_id   TEXT   NOT NULL REFERENCES accounts (id),
    csrf_token   TEXT   NOT NULL,
    created_at   BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    user_agent   TEXT   NOT NULL
);
CREATE UNIQUE INDEX sessions_token ON sessions (token_hash);
CREATE INDEX sessions_account ON sessions (account_id);
CREATE INDEX sessions_expiry ON sessions (expires_at);
CREATE INDEX sessions_seen ON sessions (last_seen_at);
