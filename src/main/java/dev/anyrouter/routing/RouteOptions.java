package dev.anyrouter.routing;

import java.util.List;
import java.util.Optional;

/**
 * How a request's models are routed beyond their ids (a preset's settings).
 *
 * @param providerOrder providers whose candidates go first within each model's candidates
 * @param credits whether credits may serve a model named by its id
 * @param pins models that must go through one particular key
 */
public record RouteOptions(List<String> providerOrder, RouteTarget.Credits credits, List<Preset.Pin> pins) {
    /** No preset: pools decide credits, no preferred providers, no pins. */
    public static final RouteOptions DEFAULT = new RouteOptions(List.of(), RouteTarget.Credits.POOL, List.of());

    public RouteOptions {
        providerOrder = List.copyOf(providerOrder);
        pins = List.copyOf(pins);
    }

    Optional<Preset.Pin> pinOf(String model) {
        return pins.stream().filter(p -> p.model().equals(model)).findFirst();
    }

    /** Where {@code provider} sorts: its place in the order, or after every listed provider. */
    int rankOf(String provider) {
        int i = providerOrder.indexOf(provider);
        return i < 0 ? providerOrder.size() : i;
    }
}
