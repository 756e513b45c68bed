-- Where a request's token counts come from: 'upstream' (the provider stated them) or 'estimated'
-- (the gateway counted them: a stream that ended before the provider's usage). NULL for a request
-- nothing was served for.
ALTER TABLE usage_records ADD COLUMN usage_source TEXT;
