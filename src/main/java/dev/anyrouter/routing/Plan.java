package dev.anyrouter.routing;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * What one request may try, in order: one {@link ModelPlan} per model it may be served by (one
 * for a model named by its id; several for a virtual model, a {@code models: [...]} list or a
 * preset). The failover walk goes through every model's own keys first, strongest or first-named
 * model first, and only then through the credits fall-through of the models that allow it.
 *
 * @param models never empty
 */
public record Plan(List<ModelPlan> models) {
    public Plan {
        models = List.copyOf(models);
        if (models.isEmpty()) throw new IllegalArgumentException("a plan has at least one model");
    }

    /** A plan of one model. */
    public Plan(ModelPlan only) {
        this(List.of(only));
    }

    /** The first model, the one the request tries first. */
    public ModelRef model() {
        return models.getFirst().model();
    }

    /** The first BYOK attempt of any model. */
    public Attempt first() {
        for (ModelPlan m : models) {
            if (!m.attempts().isEmpty()) return m.attempts().getFirst();
        }
        throw new IllegalStateException("no key of the pool can serve now");
    }

    /** The BYOK attempts of each model, in order. */
    public List<List<Attempt>> byok() {
        List<List<Attempt>> out = new ArrayList<>(models.size());
        for (ModelPlan model : models) out.add(model.attempts());
        return Collections.unmodifiableList(out);
    }
}
