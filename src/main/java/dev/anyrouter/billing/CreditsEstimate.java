package dev.anyrouter.billing;

/**
 * How much credit to hold before a paid call: the prompt at about three bytes per token (an
 * over-estimate for most text, so the hold covers it) plus the most output the request allows,
 * or {@value #DEFAULT_MAX_OUTPUT} tokens when it sets no limit. The request is billed by reported
 * usage afterwards; the hold only keeps concurrent requests from overdrawing.
 */
public final class CreditsEstimate {
    static final long DEFAULT_MAX_OUTPUT = 4_096;

    private CreditsEstimate() {}

    /** Micro-dollars to hold for a request of {@code requestBytes} allowing {@code maxOutputTokens} (null: no limit set). */
    public static long holdMicros(ModelPrice price, long requestBytes, Long maxOutputTokens) {
        long input = (Math.max(0, requestBytes) + 2) / 3;
        long output = maxOutputTokens == null || maxOutputTokens <= 0 ? DEFAULT_MAX_OUTPUT : maxOutputTokens;
        return price.costMicros(input, output, 0);
    }
}
