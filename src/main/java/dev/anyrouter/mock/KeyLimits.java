package dev.anyrouter.mock;

import io.vertx.core.http.HttpServerResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per-key rate limits on the OpenAI wire, as OpenAI's rate-limits guide describes them: requests and
 * tokens per minute, each a bucket that refills evenly to its limit over a minute; a request takes
 * one request and its prompt plus its {@code max_tokens} (the guide: the larger of the two counts is
 * what is held) from the buckets, or is refused with 429 when either is short. Every answer carries
 * {@code x-ratelimit-limit|remaining|reset-requests|tokens}, the resets as Go durations until the
 * bucket is full again. Keys with no limit set get {@link #DEFAULT}. Time comes from the mock's clock.
 */
final class KeyLimits {
    /** One key's limits per minute. */
    record Limit(long requestsPerMinute, long tokensPerMinute) {
        Limit {
            if (requestsPerMinute < 1 || tokensPerMinute < 1) throw new IllegalArgumentException("limits are at least 1 per minute");
        }
    }

    /** What one request was let through with, or refused for. */
    record Admission(boolean admitted, Limit limit, long requestsLeft, long tokensLeft, Duration requestsFull, Duration tokensFull,
                     int retryAfterSeconds) {
        /** Puts the rate-limit headers OpenAI sends on every answer. */
        void stamp(HttpServerResponse response) {
            response.putHeader("x-ratelimit-limit-requests", Long.toString(limit.requestsPerMinute()))
                    .putHeader("x-ratelimit-limit-tokens", Long.toString(limit.tokensPerMinute()))
                    .putHeader("x-ratelimit-remaining-requests", Long.toString(requestsLeft))
                    .putHeader("x-ratelimit-remaining-tokens", Long.toString(tokensLeft))
                    .putHeader("x-ratelimit-reset-requests", go(requestsFull))
                    .putHeader("x-ratelimit-reset-tokens", go(tokensFull));
        }
    }

    /** Generous enough that no test meets it unless it sets its own. */
    static final Limit DEFAULT = new Limit(10_000, 10_000_000);
    private static final int MAX_KEYS = 10_000;
    private static final double MINUTE_NANOS = 60e9;

    private static final class Buckets {
        final Limit limit;
        double requests;
        double tokens;
        Instant at;

        Buckets(Limit limit, Instant at) {
            this.limit = limit;
            this.requests = limit.requestsPerMinute();
            this.tokens = limit.tokensPerMinute();
            this.at = at;
        }
    }

    private final Clock clock;
    private final Map<String, Limit> limits = new ConcurrentHashMap<>();
    private final Map<String, Buckets> buckets = new ConcurrentHashMap<>();

    KeyLimits(Clock clock) {
        this.clock = clock;
    }

    /** Sets {@code key}'s limits ({@code "*"}: every key without its own), its buckets full again. */
    void set(String key, Limit limit) {
        limits.put(key, limit);
        if (key.equals("*")) buckets.clear();
        else buckets.remove(key);
    }

    /** Takes one request of {@code tokens} from the key's buckets, or refuses it. */
    Admission admit(String key, long tokens) {
        Limit limit = limits.getOrDefault(key, limits.getOrDefault("*", DEFAULT));
        if (buckets.size() > MAX_KEYS) buckets.clear(); // a mock serving a benchmark's keys stays small
        Buckets b = buckets.computeIfAbsent(key, k -> new Buckets(limit, clock.instant()));
        synchronized (b) {
            Instant now = clock.instant();
            double elapsed = Math.max(0, Duration.between(b.at, now).toNanos());
            b.requests = Math.min(limit.requestsPerMinute(), b.requests + limit.requestsPerMinute() * elapsed / MINUTE_NANOS);
            b.tokens = Math.min(limit.tokensPerMinute(), b.tokens + limit.tokensPerMinute() * elapsed / MINUTE_NANOS);
            b.at = now;
            long need = Math.min(Math.max(1, tokens), limit.tokensPerMinute());
            boolean admitted = b.requests >= 1 && b.tokens >= need;
            int retryAfter = 0;
            if (admitted) {
                b.requests -= 1;
                b.tokens -= need;
            } else {
                double waitRequests = b.requests >= 1 ? 0 : (1 - b.requests) * MINUTE_NANOS / limit.requestsPerMinute();
                double waitTokens = b.tokens >= need ? 0 : (need - b.tokens) * MINUTE_NANOS / limit.tokensPerMinute();
                retryAfter = (int) Math.max(1, Math.ceil(Math.max(waitRequests, waitTokens) / 1e9));
            }
            return new Admission(admitted, limit, (long) Math.floor(b.requests), (long) Math.floor(b.tokens),
                    untilFull(b.requests, limit.requestsPerMinute()), untilFull(b.tokens, limit.tokensPerMinute()), retryAfter);
        }
    }

    private static Duration untilFull(double level, long limit) {
        return Duration.ofNanos((long) ((limit - level) * MINUTE_NANOS / limit));
    }

    /** A duration as Go writes one, to the millisecond: {@code 1m30.5s}, {@code 20ms}, {@code 0s}. */
    static String go(Duration d) {
        long ms = d.toMillis();
        if (ms == 0) return "0s";
        if (ms < 1000) return ms + "ms";
        long minutes = ms / 60_000;
        long rest = ms % 60_000;
        String seconds = rest % 1000 == 0 ? Long.toString(rest / 1000) : String.format(java.util.Locale.ROOT, "%.3f", rest / 1000.0)
                .replaceAll("0+$", "");
        return (minutes > 0 ? minutes + "m" : "") + seconds + "s";
    }
}
