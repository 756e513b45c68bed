package dev.anyrouter.protocol;

/**
 * Token counts of one completed request, in the neutral convention: {@code inputTokens} is the
 * whole prompt, including the tokens read from and written to a prompt cache (OpenAI and Gemini
 * count them that way; Anthropic reports them apart, and its codec adds them in), and
 * {@code outputTokens} is everything generated, reasoning included.
 *
 * @param inputTokens the whole prompt
 * @param outputTokens everything generated, reasoning included
 * @param cachedTokens prompt tokens read from a cache (part of {@code inputTokens})
 * @param cacheWriteTokens prompt tokens written to a cache (part of {@code inputTokens})
 * @param reasoningTokens generated tokens spent on reasoning (part of {@code outputTokens})
 */
public record Usage(long inputTokens, long outputTokens, long cachedTokens, long cacheWriteTokens, long reasoningTokens) {
    public static final Usage NONE = new Usage(0, 0, 0, 0, 0);

    /** Usage with no cache writes and no reasoning reported. */
    public Usage(long inputTokens, long outputTokens, long cachedTokens) {
        this(inputTokens, outputTokens, cachedTokens, 0, 0);
    }

    /** Prompt tokens that were neither read from nor written to a cache. */
    public long uncachedInputTokens() {
        return Math.max(0, inputTokens - cachedTokens - cacheWriteTokens);
    }
}
