package dev.anyrouter.routing;

import java.util.Locale;

/** Who pays for an attempt: the caller's own key (BYOK), or AnyRouter credits on the operator's key. */
public enum Billing {
    BYOK,
    CREDITS;

    /** As the {@code x-anyrouter-billing} header and the logs spell it. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
