package dev.anyrouter.routing;

import java.util.Locale;

/**
 * Who pays for an attempt: the caller's own key (BYOK), or AnyRouter credits on the operator's key,
 * or credits on a key another user donated to the pool (whose owner earns a share back).
 */
public enum Billing {
    BYOK,
    CREDITS,
    POOL;

    /**
     * As the {@code x-anyrouter-billing} header and the logs spell it: a pool attempt is paid with
     * credits like any credits attempt, and is billed, audited and shown as one.
     */
    public String wireName() {
        return this == POOL ? "credits" : name().toLowerCase(Locale.ROOT);
    }

    /** Whether the caller pays with credits (on the operator's key or a donated one). */
    public boolean credits() {
        return this != BYOK;
    }
}
