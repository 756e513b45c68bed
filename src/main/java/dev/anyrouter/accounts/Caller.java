package dev.anyrouter.accounts;

/**
 * Who is calling: the account, the AnyRouter API key used (null for a dashboard session) and
 * whether the caller may manage the account (a management key or a session; never an inference key).
 */
public record Caller(String accountId, String apiKeyId, boolean canManage) {
    /** The holder of {@code key}. */
    public static Caller of(ApiKeyInfo key) {
        return new Caller(key.accountId(), key.id(), key.kind() == ApiKeyKind.MANAGEMENT);
    }

    /** A dashboard session of {@code accountId}, which may manage the account. */
    public static Caller session(String accountId) {
        return new Caller(accountId, null, true);
    }
}
