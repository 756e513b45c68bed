package dev.anyrouter.usage;

import java.util.Objects;

/**
 * One upstream attempt of a request, as its log shows it.
 *
 * @param key the key's alias ("anyrouter credits" for the operator's keys)
 * @param outcome what happened and what followed: {@code ok}, {@code 401 quarantined},
 *     {@code 429 cool-down 20 s}, {@code timeout next key}, {@code skipped: cooling down}
 * @param millis time spent on the attempt
 * @param model the canonical id of the model tried ({@code anthropic/claude-sonnet-4-5}), so a
 *     request routed across several models shows its chain; null in traces written before it was kept
 */
public record AttemptTrace(String key, String provider, String outcome, long millis, String model) {
    public AttemptTrace {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** An attempt whose model is not recorded. */
    public AttemptTrace(String key, String provider, String outcome, long millis) {
        this(key, provider, outcome, millis, null);
    }
}
