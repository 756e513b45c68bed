package dev.anyrouter.providers;

import java.util.Locale;

/**
 * What a catalog model can do, as {@code catalog/models.yaml} spells it. The router reads these to
 * skip models that cannot take a request (images, tools) and to form the {@code anyrouter/*} sets.
 *
 * <ul>
 *   <li>{@link #TOOLS}: function / tool calling.
 *   <li>{@link #VISION}: image input.
 *   <li>{@link #CODING}: recommended by its provider for code; forms {@code anyrouter/coding}.
 *   <li>{@link #REASONING}: thinks before answering (reasoning tokens billed as output).
 *   <li>{@link #JSON}: JSON mode or structured outputs.
 * </ul>
 */
public enum Capability {
    TOOLS,
    VISION,
    CODING,
    REASONING,
    JSON;

    /** The spelling used in {@code models.yaml}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT);
    }

    static Capability fromYaml(String value) {
        for (Capability capability : values()) {
            if (capability.yamlName().equals(value)) {
                return capability;
            }
        }
        throw new IllegalArgumentException(
                "capabilities: '" + value + "' is not one of tools, vision, coding, reasoning, json");
    }
}
