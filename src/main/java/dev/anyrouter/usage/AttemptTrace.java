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
 * @param why what the gateway knew of the key when it tried or passed it by: its rate limits left
 *     ({@code remaining 3/500 requests, resets in 4 s}); null when nothing was known
 */
public record AttemptTrace(String key, String provider, String outcome, long millis, String model, String why) {
    public AttemptTrace {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(outcome, "outcome");
    }

    /** An attempt whose model is not recorded. */
    public AttemptTrace(String key, String provider, String outcome, long millis) {
        this(key, provider, outcome, millis, null, null);
    }

    /** An attempt with nothing known of why its key was chosen. */
    public AttemptTrace(String key, String provider, String outcome, long millis, String model) {
        this(key, provider, outcome, millis, model, null);
    }
}
