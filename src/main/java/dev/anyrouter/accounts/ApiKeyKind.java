package dev.anyrouter.accounts;

import java.util.Locale;
import java.util.Optional;

/**
 * What an AnyRouter API key may do. An app's key is an {@link #INFERENCE} key: it calls models and
 * reads its own key info, and can never manage the account (so it cannot redirect, rescope or read
 * the provider keys behind it). A {@link #MANAGEMENT} key (asked for explicitly, or the one sign-up
 * returns) may do everything a dashboard session may.
 */
public enum ApiKeyKind {
    /** Calls models only: the default for a new key. */
    INFERENCE,
    /** Manages the account as well. */
    MANAGEMENT;

    /** The spelling in the API, the dashboard and the {@code api_keys.kind} column. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The kind spelled {@code text} ({@code inference} or {@code management}), if it is one. */
    public static Optional<ApiKeyKind> fromWire(String text) {
        for (ApiKeyKind kind : values()) {
            if (kind.wireName().equals(text)) return Optional.of(kind);
        }
        return Optional.empty();
    }
}
