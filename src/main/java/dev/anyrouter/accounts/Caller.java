package dev.anyrouter.accounts;

/** Who is calling: the account, and the AnyRouter API key used (null for a dashboard session). */
public record Caller(String accountId, String apiKeyId) {}
