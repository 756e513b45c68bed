package dev.anyrouter.usage;

import java.time.Instant;
import java.util.Objects;

/**
 * One finished request, as the logs and analytics see it. {@code id} is the request id, which makes
 * writing a record idempotent. {@code at} is kept to the millisecond. {@code provider},
 * {@code keyId} and {@code keyAlias} are null when the request failed before a key was chosen.
 */
public record UsageRecord(String id, Instant at, String accountId, String apiKeyId, String model, String provider,
        String keyId, String keyAlias, int status, String errorCode, boolean stream, long inputTokens, long outputTokens,
        long cachedTokens, long latencyMs, Long ttftMs, String appReferer, String appTitle) {

    public UsageRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(accountId, "accountId");
    }
}
