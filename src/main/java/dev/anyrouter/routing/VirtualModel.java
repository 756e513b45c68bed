package dev.anyrouter.routing;

import dev.anyrouter.providers.Capability;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/**
 * The {@code anyrouter/*} model ids, each a set of the models an account's own keys reach:
 * {@code anyrouter/byok} all of them, {@code anyrouter/coding} the coding-capable ones,
 * {@code anyrouter/agent} the tool-calling ones. They route on BYOK keys only, never on credits.
 */
public enum VirtualModel {
    BYOK("anyrouter/byok", null),
    CODING("anyrouter/coding", Capability.CODING),
    AGENT("anyrouter/agent", Capability.TOOLS);

    /** Strongest first (catalog rank), then by id so the order is stable. */
    static final Comparator<ReachableModel> STRONGEST_FIRST = Comparator
            .comparingInt((ReachableModel m) -> m.entry().rank()).reversed()
            .thenComparing(m -> m.entry().id());

    private final String id;
    private final Capability requires;

    VirtualModel(String id, Capability requires) {
        this.id = id;
        this.requires = requires;
    }

    public String id() {
        return id;
    }

    /** The virtual model a client's id names, if any (exact, lower case, as the catalog spells ids). */
    public static Optional<VirtualModel> of(String modelId) {
        for (VirtualModel v : values()) {
            if (v.id.equals(modelId)) return Optional.of(v);
        }
        return Optional.empty();
    }

    /**
     * The candidates for a request, strongest first: the reachable models in this set that can
     * take the request. Models the catalog does not know have no rank and no known abilities, so
     * they are never candidates (they stay routable by their own id).
     */
    public List<ReachableModel> candidates(List<ReachableModel> reachable, RequestNeeds needs) {
        return reachable.stream()
                .filter(m -> requires == null || m.entry().has(requires))
                .filter(m -> needs.fits(m.entry()))
                .sorted(STRONGEST_FIRST)
                .toList();
    }

    /** What the user must do when no key of theirs reaches a fitting model. */
    String noCandidateMessage(RequestNeeds needs) {
        String what = switch (this) {
            case BYOK -> "a model";
            case CODING -> "a coding-capable model";
            case AGENT -> "a tool-calling model";
        };
        String fits = needs.images() || needs.tools() || needs.promptTokens() > 0
                ? " that can take this request (" + describe(needs) + ")" : "";
        return id + " routes only on your own provider keys, and none of them reaches " + what + fits
                + ": add a key at /byok (or POST /api/v1/byok). It never spends credits.";
    }

    private static String describe(RequestNeeds needs) {
        StringBuilder s = new StringBuilder("about " + needs.promptTokens() + " prompt tokens");
        if (needs.maxOutputTokens() > 0) s.append(", ").append(needs.maxOutputTokens()).append(" output tokens");
        if (needs.images()) s.append(", images");
        if (needs.tools()) s.append(", tools");
        return s.toString();
    }
}
