-- AnyRouter API keys get a kind: 'inference' keys call models only, 'management' keys may also
-- manage the account (provider keys, API keys, presets, logs, credits).
--
-- Keys made before kinds existed are classed once, here: each account's first key (the one sign-up
-- returned, which the quick start uses to set the account up) becomes a management key; every other
-- key becomes an inference key, since keys made later were made for apps, and an app's key must not
-- be able to manage the account. A program that managed the account with such a key gets 403
-- management_scope_required and needs a management key (POST /api/v1/keys {"management": true}).
ALTER TABLE api_keys ADD COLUMN kind TEXT NOT NULL DEFAULT 'inference';

UPDATE api_keys SET kind = 'management'
WHERE NOT EXISTS (
    SELECT 1 FROM api_keys earlier
    WHERE earlier.account_id = api_keys.account_id
      AND (earlier.created_at < api_keys.created_at
           OR (earlier.created_at = api_keys.created_at AND earlier.id < api_keys.id)));
