-- A pool's credits setting has three values (routing/PoolCredits): the fall-through after the account's own keys
-- (fallback_to_credits = 1), credits only while the account has no key of the provider (the default, this column 1),
-- or never (both 0). Rows written before kept the old default, "no credits unless fall-through": they take the new
-- default, since an account that never chose had credits it could not spend.
ALTER TABLE key_pools ADD COLUMN credits_without_keys INTEGER NOT NULL DEFAULT 1;
