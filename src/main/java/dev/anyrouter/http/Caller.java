package dev.anyrouter.http;

/** Who is calling: the account, and the AnyRouter API key used (null for a dashboard session). */
record Caller(String accountId, String apiKeyId) {}
