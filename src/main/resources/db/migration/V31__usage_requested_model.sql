-- What the client named when another model served it (anyrouter/agent, @preset/fast, a models
-- list), so the log shows both. Analytics read an account's records in a time range, which the
-- existing usage_records_account_time index (account_id, created_at) already serves.
ALTER TABLE usage_records ADD COLUMN requested_model TEXT;
