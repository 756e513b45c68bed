package dev.anyrouter.http;

import dev.anyrouter.accounts.ApiKeyInfo;
import dev.anyrouter.accounts.ApiKeyKind;

/**
 * Who is calling: the account, the AnyRouter API key used (null for a dashboard session) and
 * whether the caller may manage the account (a management key or a session; never an inference key).
 */
record Caller(String accountId, String apiKeyId, boolean canManage) {
    static Caller of(ApiKeyInfo key) {
        return new Caller(key.accountId(), key.id(), key.kind() == ApiKeyKind.MANAGEMENT);
    }

    static Caller session(String accountId) {
        return new Caller(accountId, null, true);
    }
}
