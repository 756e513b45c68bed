package dev.anyrouter.routing;

import dev.anyrouter.providers.ModelEntry;
import java.util.Objects;
import java.util.Set;

/**
 * A catalog model one of an account's active keys reaches.
 *
 * @param entry the catalog's facts about it
 * @param model where it is sent: its provider and the id that provider's key listed for it
 * @param keyIds the account's keys that reach it (any scope); a request may use only these
 */
public record ReachableModel(ModelEntry entry, ModelRef model, Set<String> keyIds) {
    public ReachableModel {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(model, "model");
        keyIds = Set.copyOf(keyIds);
    }
}
