package dev.anyrouter.web;

/**
 * The create / edit dialog of a preset, with what was typed (on a refusal) or what is stored.
 *
 * @param editing the name of the preset being edited, or null for a new one
 * @param credits "" (as each pool is set), "true" or "false"
 * @param error the refusal to show, or null
 */
record PresetFormView(String csrfToken, String editing, String name, String models, String providerOrder, String credits,
                      String systemPrompt, String parameters, String error) {
    String action() {
        return editing == null ? "/presets" : "/presets/" + editing;
    }
}
