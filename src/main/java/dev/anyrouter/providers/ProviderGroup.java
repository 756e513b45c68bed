package dev.anyrouter.providers;

import java.util.Locale;

/**
 * Where a provider sits among the others, for the list a user picks from: the labs that make
 * their own models, the fast-inference specialists, the hosts of open models (routers among them),
 * the clouds, and the servers a team runs itself.
 */
public enum ProviderGroup {
    FRONTIER("Frontier labs"),
    FAST("Fast inference"),
    HOSTS("Open-model hosts"),
    CLOUDS("Clouds"),
    SELF_HOSTED("Self-hosted");

    private final String label;

    ProviderGroup(String label) {
        this.label = label;
    }

    /** The heading the dashboard shows for the group. */
    public String label() {
        return label;
    }

    /** The spelling used in {@code providers.yaml}: {@code frontier}, {@code fast}, {@code hosts}, {@code clouds}, {@code self-hosted}. */
    public String yamlName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    static ProviderGroup fromYaml(String value) {
        for (ProviderGroup group : values()) {
            if (group.yamlName().equals(value)) return group;
        }
        throw new IllegalArgumentException("group must be one of frontier, fast, hosts, clouds, self-hosted, got '" + value + "'");
    }
}
