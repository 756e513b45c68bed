package dev.anyrouter.routing;

import java.util.Locale;

/**
 * When AnyRouter credits may serve one provider's models for one account: its pool's credits
 * setting. Credits only ever go out on the operator's keys, so each setting serves on credits only
 * where the operator has keys for the provider.
 */
public enum PoolCredits {
    /**
     * The default: credits serve while the account has no key of the provider that may serve the call
     * (none stored, all switched off, or none for the calling API key); once it has one, its own keys
     * alone serve.
     */
    WITHOUT_KEYS,
    /** The opt-in fall-through: credits also serve when the account's own keys cannot (quarantined, cooling down, failing). */
    FALLBACK,
    /** Never: the account's own keys, or no answer. */
    NEVER;

    /** As the API spells it: {@code without_keys}, {@code fallback} or {@code never}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The setting the API names, or null for anything else. */
    public static PoolCredits fromWire(String wire) {
        for (PoolCredits c : values()) {
            if (c.wireName().equals(wire)) return c;
        }
        return null;
    }

    /**
     * The setting after the older boolean switch {@code fallback_to_credits}: true is the fall-through;
     * false takes it away and leaves "never" as it is.
     */
    public PoolCredits withFallback(boolean fallback) {
        if (fallback) return FALLBACK;
        return this == FALLBACK ? WITHOUT_KEYS : this;
    }
}
