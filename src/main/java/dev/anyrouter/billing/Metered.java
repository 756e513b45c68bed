package dev.anyrouter.billing;

import dev.anyrouter.protocol.Usage;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one served request can be charged for: its token usage (reasoning is part of the
 * output, cache reads and writes part of the input, as {@link Usage} counts them), how many of the
 * cache writes were for the one-hour lifetime, the hosted tools the upstream ran, by type, and the
 * service tier that served it.
 *
 * @param cacheWrite1hTokens of {@code usage.cacheWriteTokens()}, those written for an hour
 * @param toolCalls hosted / server tool calls by tool type ({@code web_search})
 * @param serviceTier the tier that served it as the upstream reported it, else as requested; null: standard
 */
public record Metered(Usage usage, long cacheWrite1hTokens, Map<String, Long> toolCalls, String serviceTier) {
    public Metered {
        Objects.requireNonNull(usage, "usage");
        toolCalls = Map.copyOf(toolCalls);
        cacheWrite1hTokens = Math.clamp(cacheWrite1hTokens, 0, Math.max(0, usage.cacheWriteTokens()));
    }

    /** Only tokens, on the standard tier. */
    public static Metered of(Usage usage) {
        return new Metered(usage, 0, Map.of(), null);
    }
}
