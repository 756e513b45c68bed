package dev.anyrouter.http;

import dev.anyrouter.routing.ModelRef;
import dev.anyrouter.routing.Plan;
import dev.anyrouter.routing.RoutePlanner;
import io.vertx.core.Future;

/** The planning step of the inference pipeline: from memory when it can, off the event loop when it must load. */
final class Plans {
    private Plans() {}

    static Future<Plan> forModel(RoutePlanner planner, Blocking blocking, Caller caller, String model) {
        ModelRef ref = planner.place(model);
        return planner.cached(caller.accountId(), caller.apiKeyId(), ref)
                .map(Future::succeededFuture)
                .orElseGet(() -> blocking.run(() -> planner.plan(caller.accountId(), caller.apiKeyId(), ref)));
    }
}
