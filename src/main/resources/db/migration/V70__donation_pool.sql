-- The donation pool (issue 20). No foreign key to provider_keys anywhere: a consent is evidence
-- for audit and outlives the key it covered; a key's donation row is read joined to its key, so a
-- deleted key's row serves nobody.

-- Each acknowledgement of the pool's consent text: the account's own (key_id '') when it accepts
-- the text, and one per key it then switches to ready or on under that text. Written once.
CREATE TABLE pool_consents (
    account_id     TEXT   NOT NULL,
    key_id         TEXT   NOT NULL,
    text_version   TEXT   NOT NULL,
    accepted_at    BIGINT NOT NULL,
    client_address TEXT   NOT NULL,
    PRIMARY KEY (account_id, key_id, text_version)
);

-- A key's donation state (ready: joins when its provider is eligible; on: asked for an eligible
-- provider) and the owner's caps on pool use per UTC day (null: none). No row: off.
CREATE TABLE key_donations (
    key_id               TEXT   NOT NULL PRIMARY KEY,
    account_id           TEXT   NOT NULL,
    provider             TEXT   NOT NULL,
    state                TEXT   NOT NULL CHECK (state IN ('ready', 'on')),
    max_requests_per_day BIGINT,
    max_micros_per_day   BIGINT,
    updated_at           BIGINT NOT NULL
);
CREATE INDEX key_donations_provider ON key_donations (provider);

-- One row per pool request served on a donated key, written with the request's debit and usage
-- record: what the donor may see (counts, tokens, credit earned), never who asked or what. The
-- donor's ledger entry names credit_id, not the request (whose id is the requester's): the row
-- links the two.
CREATE TABLE pool_credits (
    request_id       TEXT   NOT NULL PRIMARY KEY,
    credit_id        TEXT   NOT NULL UNIQUE,
    key_id           TEXT   NOT NULL,
    donor_account_id TEXT   NOT NULL,
    provider         TEXT   NOT NULL,
    day              TEXT   NOT NULL,
    input_tokens     BIGINT NOT NULL,
    output_tokens    BIGINT NOT NULL,
    notional_micros  BIGINT NOT NULL,
    credit_micros    BIGINT NOT NULL,
    created_at       BIGINT NOT NULL
);
CREATE INDEX pool_credits_donor ON pool_credits (donor_account_id, day);
CREATE INDEX pool_credits_key_day ON pool_credits (key_id, day);
