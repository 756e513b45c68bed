package dev.anyrouter.web;

import java.util.List;

/** The /presets page: the account's presets by name. */
record PresetsView(Chrome chrome, List<Row> presets, String notice) {
    /** One preset as listed. */
    record Row(String name, String model, String models, String providerOrder, String credits, String updated) {}
}
