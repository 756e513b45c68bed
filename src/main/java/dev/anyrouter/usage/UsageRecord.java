package dev.anyrouter.usage;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * One finished request, as the logs and analytics see it. {@code id} is the request id, which makes
 * writing a record idempotent. {@code at} is kept to the millisecond. {@code provider},
 * {@code keyId} and {@code keyAlias} are null when the request failed before a key was chosen.
 *
 * @param attempts every upstream attempt in order (the last one served, if any did)
 * @param billing {@code byok} or {@code credits}; null when nothing was served
 * @param costMicros cost at list price in micro-dollars: debited for credits, notional for BYOK
 * @param requestedModel what the client named when it differs from the model that served
 *     ({@code anyrouter/agent}, {@code @preset/fast}); null otherwise
 * @param usageSource where the token counts come from: {@value #UPSTREAM} (the provider stated them)
 *     or {@value #ESTIMATED} (the gateway counted them, for an answer that ended before the
 *     provider's usage); null when nothing was served
 */
public record UsageRecord(String id, Instant at, String accountId, String apiKeyId, String model, String provider,
        String keyId, String keyAlias, int status, String errorCode, boolean stream, long inputTokens, long outputTokens,
        long cachedTokens, long latencyMs, Long ttftMs, String appReferer, String appTitle, List<AttemptTrace> attempts,
        String billing, long costMicros, String requestedModel, String usageSource) {
    /** The provider stated the usage. */
    public static final String UPSTREAM = "upstream";
    /** The gateway estimated the usage. */
    public static final String ESTIMATED = "estimated";

    public UsageRecord {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(accountId, "accountId");
        attempts = attempts == null ? List.of() : List.copyOf(attempts);
        if (usageSource != null && !usageSource.equals(UPSTREAM) && !usageSource.equals(ESTIMATED)) {
            throw new IllegalArgumentException("usage source must be upstream, estimated or null, not " + usageSource);
        }
    }

    /** A record whose usage, if any, the upstream stated. */
    public UsageRecord(String id, Instant at, String accountId, String apiKeyId, String model, String provider,
            String keyId, String keyAlias, int status, String errorCode, boolean stream, long inputTokens, long outputTokens,
            long cachedTokens, long latencyMs, Long ttftMs, String appReferer, String appTitle, List<AttemptTrace> attempts,
            String billing, long costMicros, String requestedModel) {
        this(id, at, accountId, apiKeyId, model, provider, keyId, keyAlias, status, errorCode, stream, inputTokens,
                outputTokens, cachedTokens, latencyMs, ttftMs, appReferer, appTitle, attempts, billing, costMicros, requestedModel,
                inputTokens + outputTokens > 0 ? UPSTREAM : null);
    }

    /** A record of a request that named the model that served it. */
    public UsageRecord(String id, Instant at, String accountId, String apiKeyId, String model, String provider,
            String keyId, String keyAlias, int status, String errorCode, boolean stream, long inputTokens, long outputTokens,
            long cachedTokens, long latencyMs, Long ttftMs, String appReferer, String appTitle, List<AttemptTrace> attempts,
            String billing, long costMicros) {
        this(id, at, accountId, apiKeyId, model, provider, keyId, keyAlias, status, errorCode, stream, inputTokens,
                outputTokens, cachedTokens, latencyMs, ttftMs, appReferer, appTitle, attempts, billing, costMicros, null);
    }

    /** A record with no attempt trace and no cost (a request that never reached routing). */
    public UsageRecord(String id, Instant at, String accountId, String apiKeyId, String model, String provider,
            String keyId, String keyAlias, int status, String errorCode, boolean stream, long inputTokens, long outputTokens,
            long cachedTokens, long latencyMs, Long ttftMs, String appReferer, String appTitle) {
        this(id, at, accountId, apiKeyId, model, provider, keyId, keyAlias, status, errorCode, stream, inputTokens,
                outputTokens, cachedTokens, latencyMs, ttftMs, appReferer, appTitle, List.of(), null, 0, null);
    }
}
