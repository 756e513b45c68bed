package dev.anyrouter.routing;

import java.util.List;
import java.util.Objects;

/**
 * What a client asked to be routed: the model ids to try in order ({@code model}, then any
 * {@code models: [...]} fallbacks, or a preset's list), what the request needs of a model, and the
 * preset's options.
 */
public record RouteRequest(List<String> models, RequestNeeds needs, RouteOptions options) {
    public RouteRequest {
        models = List.copyOf(models);
        if (models.isEmpty()) throw new IllegalArgumentException("a request names at least one model");
        Objects.requireNonNull(needs, "needs");
        Objects.requireNonNull(options, "options");
    }

    /** One model id, no preset. */
    public static RouteRequest of(String model) {
        return new RouteRequest(List.of(model), RequestNeeds.ANY, RouteOptions.DEFAULT);
    }

    /** Whether any of the ids is an {@code anyrouter/*} virtual model (only those need the request's needs). */
    public static boolean namesVirtual(List<String> models) {
        for (String m : models) {
            if (VirtualModel.of(m).isPresent()) return true;
        }
        return false;
    }
}
