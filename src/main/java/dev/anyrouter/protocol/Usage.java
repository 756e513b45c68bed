package dev.anyrouter.protocol;

/**
 * Token counts of one completed request, as the upstream reported them. Cached tokens are
 * part of {@code inputTokens}, as every wire we speak counts them.
 */
public record Usage(long inputTokens, long outputTokens, long cachedTokens) {
    public static final Usage NONE = new Usage(0, 0, 0);
}
