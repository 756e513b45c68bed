-- Each request's log keeps how it was routed and paid: the attempt trace (JSON list of
-- {key, provider, outcome, millis}), 'byok' or 'credits', and its cost at list price in
-- micro-dollars (notional for BYOK, debited for credits).
ALTER TABLE usage_records ADD COLUMN attempts_json TEXT;
ALTER TABLE usage_records ADD COLUMN billing TEXT;
ALTER TABLE usage_records ADD COLUMN cost_micros BIGINT;
