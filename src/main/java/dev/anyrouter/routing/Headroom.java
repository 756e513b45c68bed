package dev.anyrouter.routing;

import com.github.benmanes.caffeine.cache.Cache;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.providers.RateLimits;
import dev.anyrouter.store.Caches;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

/**
 * What each key has left of its rate limits, per model: learnt from the limits every answer states
 * ({@link RateLimits}), lowered by what the gateway has sent since and not yet heard back about, and
 * refilled as time passes. A provider's "reset" is the time until its window is whole again, so the
 * estimate refills evenly from what was left up to the limit over that time: a key that said
 * "59 of 60 requests left, whole again in 1 s" is forecast whole a second later, one that said
 * "0 left, whole in 40 s" a quarter full after ten seconds. A key no answer has spoken for is unknown:
 * never forecast empty, and ranked as if full, so new keys are tried and learnt.
 *
 * <p>Written by {@link Failover} only (when an attempt is sent and when its answer is judged); read by
 * the headroom strategy and by the walk, which skips a key forecast empty like a cooling one. Thread-safe.
 * Bounded: one entry per key and model seen, at most {@value #MAX_ENTRIES}.
 */
public final class Headroom {
    private static final long MAX_ENTRIES = 50_000;

    /** What is left of one window now, as forecast. */
    public record Left(long left, long limit, Duration resetsIn) {
        /** The share of the limit left after spending {@code need} of it. */
        double shareAfter(long need) {
            return limit == 0 ? 0 : Math.max(0, left - need) / (double) limit;
        }
    }

    /**
     * One key's forecast for one request.
     *
     * @param requests the request window, or null when no answer named one
     * @param tokens the token window, or null
     * @param need the request's estimated tokens
     */
    public record Forecast(Left requests, Left tokens, long need) {
        static final Forecast UNKNOWN = new Forecast(null, null, 0);

        /** Whether no answer has told of this key's limits. */
        public boolean unknown() {
            return requests == null && tokens == null;
        }

        /** Whether the key is forecast unable to take this request before its window refills. */
        public boolean exhausted() {
            if (requests != null && requests.limit() > 0 && requests.left() < 1) return true;
            // A request larger than the whole window is the upstream's to refuse, not a reason to wait.
            if (tokens == null || tokens.limit() <= 0) return false;
            // A request that asks as much as the whole window (a credits request is cut to its balance
            // only after its key is chosen) cannot be judged by the window: only an empty one skips it.
            long wanted = need >= tokens.limit() ? 1 : Math.max(1, need);
            return tokens.left() < wanted;
        }

        /** The share of its limits the key keeps after this request: the smaller of its windows'; 1 when unknown. */
        public double share() {
            double share = 1;
            if (requests != null) share = Math.min(share, requests.shareAfter(1));
            if (tokens != null) share = Math.min(share, tokens.shareAfter(need));
            return share;
        }

        /** Says it for the attempt trace: {@code remaining 3/500 requests, 1200/40000 tokens, resets in 4 s}. */
        public String describe() {
            if (unknown()) return "no rate-limit headers seen yet";
            StringBuilder out = new StringBuilder("remaining ");
            if (requests != null) out.append(requests.left()).append('/').append(requests.limit()).append(" requests");
            if (tokens != null) {
                if (requests != null) out.append(", ");
                out.append(tokens.left()).append('/').append(tokens.limit()).append(" tokens");
            }
            // The window that binds says when it eases: the one left with the smaller share.
            Left binding = requests == null ? tokens
                    : tokens == null ? requests
                    : tokens.shareAfter(need) < requests.shareAfter(1) ? tokens : requests;
            Duration resets = binding.resetsIn();
            return out.append(", resets in ").append(seconds(resets)).toString();
        }

        private static String seconds(Duration d) {
            long ms = d.toMillis();
            return ms < 10_000 && ms % 1000 != 0 ? String.format(java.util.Locale.ROOT, "%.1f s", ms / 1000.0) : ms / 1000 + " s";
        }
    }

    private record Slot(String keyId, String model) {}

    /** One key and model: the last answer's windows, when it came, and what has gone out unanswered since. */
    private static final class Estimate {
        RateLimits.Window requests;
        RateLimits.Window tokens;
        Instant observed = Instant.EPOCH;
        long inflight;
        long inflightTokens;
    }

    private final Clock clock;
    private final Cache<Slot, Estimate> estimates = Caches.bounded(MAX_ENTRIES);

    public Headroom(Clock clock) {
        this.clock = clock;
    }

    /** An attempt of {@code tokens} estimated tokens goes out on the key. */
    public void sent(ProviderKeyRecord key, String model, long tokens) {
        Estimate e = estimates.get(new Slot(key.id(), model), s -> new Estimate());
        synchronized (e) {
            e.inflight++;
            e.inflightTokens += Math.max(0, tokens);
        }
    }

    /**
     * The attempt sent by {@link #sent} is over; {@code limits} is what its answer said of the key
     * ({@link RateLimits#NONE} when it said nothing or never answered), which replaces what was known.
     */
    public void answered(ProviderKeyRecord key, String model, long tokens, RateLimits limits) {
        Estimate e = estimates.get(new Slot(key.id(), model), s -> new Estimate());
        synchronized (e) {
            e.inflight = Math.max(0, e.inflight - 1);
            e.inflightTokens = Math.max(0, e.inflightTokens - Math.max(0, tokens));
            if (limits.isEmpty()) return;
            if (limits.requests() != null) e.requests = limits.requests();
            if (limits.tokens() != null) e.tokens = limits.tokens();
            e.observed = clock.instant();
        }
    }

    /** The key's forecast for a request of {@code tokens} estimated tokens, now. */
    public Forecast forecast(ProviderKeyRecord key, String model, long tokens) {
        Estimate e = estimates.getIfPresent(new Slot(key.id(), model));
        if (e == null) return Forecast.UNKNOWN;
        Instant now = clock.instant();
        synchronized (e) {
            if (e.requests == null && e.tokens == null) return Forecast.UNKNOWN;
            Duration since = Duration.between(e.observed, now);
            return new Forecast(left(e.requests, since, e.inflight), left(e.tokens, since, e.inflightTokens), Math.max(0, tokens));
        }
    }

    /** What a window holds {@code since} its answer, refilled evenly toward its limit, less what went out since. */
    private static Left left(RateLimits.Window w, Duration since, long outstanding) {
        if (w == null) return null;
        Duration resetsIn = w.resetsIn().minus(since);
        double refilled;
        if (resetsIn.isNegative() || resetsIn.isZero()) {
            refilled = w.limit();
            resetsIn = Duration.ZERO;
        } else {
            double part = since.isNegative() ? 0 : since.toNanos() / (double) w.resetsIn().toNanos();
            refilled = w.remaining() + (w.limit() - w.remaining()) * part;
        }
        long left = Math.max(0, (long) Math.floor(refilled) - outstanding);
        return new Left(left, w.limit(), resetsIn);
    }
}
