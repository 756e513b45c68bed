package dev.anyrouter.usage;

import java.util.Objects;

/**
 * One upstream attempt of a request, as its log shows it.
 *
 * @param key the key's alias ("anyrouter credits" for the operator's keys)
 * @param outcome what happened and what followed: {@code ok}, {@code 401 quarantined},
 *     {@code 429 cool-down 20 s}, {@code timeout next key}, {@code skipped: cooling down}
 * @param millis time spent on the attempt
 */
public record AttemptTrace(String key, String provider, String outcome, long millis) {
    public AttemptTrace {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(outcome, "outcome");
    }
}
