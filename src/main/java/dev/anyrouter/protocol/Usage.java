package dev.anyrouter.protocol;

/**
 * Token counts of one completed request, and the web searches the upstream ran for it, in the
 * neutral convention: {@code inputTokens} is the
 * whole prompt, including the tokens read from and written to a prompt cache (OpenAI and Gemini
 * count them that way; Anthropic reports them apart, and its codec adds them in), and
 * {@code outputTokens} is everything generated, reasoning included.
 *
 * @param inputTokens the whole prompt
 * @param outputTokens everything generated, reasoning included
 * @param cachedTokens prompt tokens read from a cache (part of {@code inputTokens})
 * @param cacheWriteTokens prompt tokens written to a cache (part of {@code inputTokens})
 * @param reasoningTokens generated tokens spent on reasoning (part of {@code outputTokens})
 * @param webSearches searches a server-side web search tool ran (Anthropic's
 *     {@code server_tool_use.web_search_requests}, OpenAI's {@code web_search_call} items), which
 *     the provider bills per search on top of the tokens
 */
public record Usage(long inputTokens, long outputTokens, long cachedTokens, long cacheWriteTokens, long reasoningTokens,
                    long webSearches) {
    public static final Usage NONE = new Usage(0, 0, 0, 0, 0, 0);

    /** Usage of an answer that ran no web search. */
    public Usage(long inputTokens, long outputTokens, long cachedTokens, long cacheWriteTokens, long reasoningTokens) {
        this(inputTokens, outputTokens, cachedTokens, cacheWriteTokens, reasoningTokens, 0);
    }

    /** Usage with no cache writes and no reasoning reported. */
    public Usage(long inputTokens, long outputTokens, long cachedTokens) {
        this(inputTokens, outputTokens, cachedTokens, 0, 0);
    }

    /** The same usage with {@code searches} web searches. */
    public Usage withWebSearches(long searches) {
        return searches == webSearches ? this : new Usage(inputTokens, outputTokens, cachedTokens, cacheWriteTokens, reasoningTokens, searches);
    }

    /** Prompt tokens that were neither read from nor written to a cache. */
    public long uncachedInputTokens() {
        return Math.max(0, inputTokens - cachedTokens - cacheWriteTokens);
    }
}
