package dev.anyrouter.inference;

import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.routing.Failover;
import dev.anyrouter.routing.KeyFailure;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.routing.ModelPlan;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer when no key of a pool served a request, chosen by what would help soonest: keys
 * that merely failed just now → the upstream's error (5xx/502/504); keys cooling down → 429 with
 * the smallest remaining Retry-After; keys ejected → 503 with when the first comes back; keys
 * out of credit → 402; keys refused → 401. The message names every key's state and what to do.
 */
final class PoolErrors {
    private PoolErrors() {}

    static PoolUnavailableException allDown(ModelPlan plan, KeyHealth health, Failover.Walk.Exhausted end, Instant now) {
        Provider provider = plan.model().provider();
        String model = plan.model().upstreamModel();
        Instant soonestCooling = null;
        Instant soonestEjected = null;
        boolean anyServing = false;
        boolean anyOutOfCredit = false;
        List<String> states = new ArrayList<>();
        for (ProviderKeyRecord key : plan.pool()) {
            KeyHealth.Status s = health.check(key, model);
            switch (s.state()) {
                case HEALTHY, PROBING -> anyServing = true;
                case COOLING_DOWN -> soonestCooling = earlier(soonestCooling, s.until());
                case EJECTED -> soonestEjected = earlier(soonestEjected, s.until());
                case QUARANTINED -> anyOutOfCredit |= s.reason() != null && s.reason().startsWith(KeyHealth.OUT_OF_CREDIT);
            }
            states.add("'" + key.alias() + "' " + describe(s, now));
        }
        String pool = "your " + provider.id() + " keys: " + String.join(", ", states);
        Failover.Failed last = end.last();
        if (last != null && last.failure() instanceof KeyFailure.Transient t && (anyServing || end.budgetSpent())) {
            int status = t.status() >= 500 ? t.status() : t.what().equals("timeout") ? 504 : 502;
            String code = t.status() >= 500 ? "upstream_error" : t.what().equals("timeout") ? "upstream_timeout" : "upstream_unreachable";
            return new PoolUnavailableException(new ApiError(status, "upstream_error", code, provider.name() + " failed on every key tried ("
                    + t.what() + (last.detail() == null ? "" : ": " + last.detail()) + "); " + pool + ". Try again shortly."), null);
        }
        if (soonestCooling != null) {
            long wait = seconds(Duration.between(now, earlier(soonestCooling, soonestEjected)));
            return new PoolUnavailableException(new ApiError(429, "rate_limit_error", "pool_rate_limited",
                    "every " + provider.name() + " key that can serve " + model + " is rate-limited: " + pool + ". Retry after "
                            + wait + " s, add another key at /byok, or let credits serve it with PUT /api/v1/byok/pools/"
                            + provider.id() + " {\"fallback_to_credits\": true}"), wait);
        }
        if (soonestEjected != null) {
            long wait = seconds(Duration.between(now, soonestEjected));
            return new PoolUnavailableException(new ApiError(503, "upstream_error", "pool_unavailable",
                    provider.name() + " kept failing on every key, so they rest for a while: " + pool + ". Retry after " + wait + " s"), wait);
        }
        String fix = "; fix it at the provider, then re-validate with POST /api/v1/byok/{id}/validate, or add another key at /byok";
        if (anyOutOfCredit) {
            return new PoolUnavailableException(new ApiError(402, "insufficient_quota", "pool_out_of_credit",
                    "no " + provider.name() + " key can pay for this request: " + pool + fix), null);
        }
        return new PoolUnavailableException(new ApiError(401, "authentication_error", "pool_quarantined",
                "every " + provider.name() + " key is quarantined: " + pool + fix), null);
    }

    private static String describe(KeyHealth.Status s, Instant now) {
        return switch (s.state()) {
            case HEALTHY -> "failed just now";
            case PROBING -> "failed just now (on probation)";
            case COOLING_DOWN -> "cooling down for " + seconds(Duration.between(now, s.until())) + " s (" + s.reason() + ")";
            case EJECTED -> "resting for " + seconds(Duration.between(now, s.until())) + " s (" + s.reason() + ")";
            case QUARANTINED -> "quarantined: " + (s.reason() == null ? "rejected by the provider" : s.reason());
        };
    }

    private static Instant earlier(Instant a, Instant b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.isBefore(b) ? a : b;
    }

    private static long seconds(Duration d) {
        return Math.max(1, (d.toMillis() + 999) / 1000);
    }
}
