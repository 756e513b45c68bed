-- The credits ledger becomes double-entry: each entry moves an amount between the account
-- (account_id, whose balance it changes) and a counter book (counter_account): 'system:grants'
-- for credit given or bought, 'system:revenue' for credit spent. Every entry therefore has its
-- equal and opposite side, and the books sum to zero by construction.
ALTER TABLE ledger_entries ADD COLUMN counter_account TEXT NOT NULL DEFAULT 'system:grants';
UPDATE ledger_entries SET counter_account = 'system:revenue' WHERE kind = 'debit';

-- The running balance and the credit held for requests in flight, one row per account, kept in
-- step with ledger_entries in the same transaction. It exists so that a reservation can be taken
-- with one conditional UPDATE, atomic on both engines (PostgreSQL re-checks the WHERE under the
-- row lock). The CHECKs make an overdraft impossible whatever the code does.
CREATE TABLE credit_balances (
    account_id     TEXT   NOT NULL PRIMARY KEY REFERENCES accounts (id),
    balance_micros BIGINT NOT NULL CHECK (balance_micros >= 0),
    held_micros    BIGINT NOT NULL CHECK (held_micros >= 0),
    CHECK (held_micros <= balance_micros)
);
INSERT INTO credit_balances (account_id, balance_micros, held_micros)
SELECT account_id, SUM(amount_micros), 0 FROM ledger_entries GROUP BY account_id;

-- One reservation per request: taken before the call, then settled (by the usage the upstream
-- reported) or voided (the request failed), exactly once.
CREATE TABLE credit_holds (
    account_id    TEXT   NOT NULL REFERENCES accounts (id),
    request_id    TEXT   NOT NULL,
    amount_micros BIGINT NOT NULL CHECK (amount_micros >= 0),
    state         TEXT   NOT NULL CHECK (state IN ('held', 'settled', 'voided')),
    created_at    BIGINT NOT NULL,
    closed_at     BIGINT,
    PRIMARY KEY (account_id, request_id)
);
CREATE INDEX credit_holds_open ON credit_holds (state, created_at);
