package dev.anyrouter.inference;

import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.routing.Failover;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.routing.ModelPlan;
import dev.anyrouter.routing.Plan;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The answer when no model of a plan could be served on the caller's keys and credits were not
 * to serve it. One model: its pool's answer ({@link PoolErrors}). Several (a virtual model, a
 * {@code models} list, a preset): the answer that would help soonest — a rate limit with the
 * smallest wait first, else the last model's — with every model's state in the message.
 */
final class PlanErrors {
    private static final int MODELS_SHOWN = 4;

    private PlanErrors() {}

    static PoolUnavailableException allDown(Plan plan, String requested, KeyHealth health, Failover.Walk.Exhausted end,
                                            Instant now) {
        List<ModelPlan> models = plan.models();
        if (models.size() == 1) return PoolErrors.allDown(models.getFirst(), health, end, now);
        List<String> states = new ArrayList<>();
        PoolUnavailableException chosen = null;
        for (int i = 0; i < models.size(); i++) {
            ModelPlan model = models.get(i);
            // The last failure belongs to the last model tried; the others are judged by their keys' health.
            Failover.Walk.Exhausted own = i == models.size() - 1 ? end : new Failover.Walk.Exhausted(null, false);
            PoolUnavailableException e = PoolErrors.allDown(model, health, own, now);
            if (i < MODELS_SHOWN) states.add(model.model().canonicalId() + ": " + e.error().message());
            if (chosen == null || sooner(e, chosen)) chosen = e;
        }
        if (models.size() > MODELS_SHOWN) states.add("and " + (models.size() - MODELS_SHOWN) + " more");
        ApiError error = chosen.error();
        String label = requested == null ? "the request" : requested;
        return new PoolUnavailableException(new ApiError(error.status(), error.type(), error.code(),
                "none of the " + models.size() + " models " + label + " can use could serve it now — " + String.join(" | ", states)),
                chosen.retryAfterSeconds());
    }

    /** A rate limit that ends sooner helps most; otherwise the later model's answer stands. */
    private static boolean sooner(PoolUnavailableException candidate, PoolUnavailableException chosen) {
        if (candidate.retryAfterSeconds() == null) return chosen.retryAfterSeconds() == null;
        return chosen.retryAfterSeconds() == null || candidate.retryAfterSeconds() < chosen.retryAfterSeconds();
    }
}
