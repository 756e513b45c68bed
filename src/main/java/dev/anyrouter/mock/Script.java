package dev.anyrouter.mock;

/**
 * What the mock does for requests made with one key: the status to answer with and the faults to
 * inject. The neutral script ({@link #NONE}) answers normally.
 *
 * @param status            HTTP status to answer with; 2xx answers normally
 * @param retryAfterSeconds seconds for {@code retry-after}, or {@link #NOT_GIVEN}
 * @param remaining         how many more requests this script applies to, or {@link #UNLIMITED}
 * @param delayMs           delay before the response headers are sent
 * @param chunkIntervalMs   pause between streamed events
 * @param chunks            how many content pieces to stream, or 0 for the wire's default
 * @param fault             how the answer goes wrong
 * @param toolCall          whether to answer with a tool call even when the request would not get one
 * @param parallelToolCalls how many tool calls an answer that calls tools makes, or 0 for one
 */
record Script(
        int status, int retryAfterSeconds, int remaining, long delayMs, long chunkIntervalMs, int chunks, Fault fault,
        boolean toolCall, int parallelToolCalls) {

    static final int UNLIMITED = -1;
    static final int NOT_GIVEN = -1;
    /** More parallel calls than any test needs; keeps a typo from building a huge answer. */
    static final int MAX_PARALLEL_TOOL_CALLS = 64;
    static final Script NONE = new Script(200, NOT_GIVEN, UNLIMITED, 0, 0, 0, Fault.NONE, false, 0);

    Script {
        if (status < 100 || status > 599) {
            throw new IllegalArgumentException("status must be an HTTP status, was " + status);
        }
        if (remaining == 0 || remaining < UNLIMITED) {
            throw new IllegalArgumentException("times must be at least 1, was " + remaining);
        }
        if (delayMs < 0 || chunkIntervalMs < 0 || chunks < 0) {
            throw new IllegalArgumentException("delay_ms, chunk_interval_ms and chunks must not be negative");
        }
        if (parallelToolCalls < 0 || parallelToolCalls > MAX_PARALLEL_TOOL_CALLS) {
            throw new IllegalArgumentException(
                    "parallel_tool_calls must be between 1 and " + MAX_PARALLEL_TOOL_CALLS + ", was " + parallelToolCalls);
        }
    }

    /** Whether the request is refused with {@link #status} instead of being answered. */
    boolean fails() {
        return status >= 300;
    }

    /** Whether this script changes nothing, so storing it is the same as clearing the key's script. */
    boolean isNeutral() {
        return !fails() && delayMs == 0 && chunkIntervalMs == 0 && chunks == 0 && fault == Fault.NONE
                && !toolCall && parallelToolCalls == 0;
    }

    /** The content pieces a streamed answer carries. */
    int chunksOr(int wireDefault) {
        return chunks > 0 ? chunks : wireDefault;
    }

    /** How many tool calls an answer that calls tools makes. */
    int toolCallCount() {
        return Math.max(1, parallelToolCalls);
    }

    /** This script after one more request used it; {@code null} when it is used up. */
    Script afterUse() {
        if (remaining == UNLIMITED) {
            return this;
        }
        return remaining == 1
                ? null
                : new Script(status, retryAfterSeconds, remaining - 1, delayMs, chunkIntervalMs, chunks, fault,
                        toolCall, parallelToolCalls);
    }
}
