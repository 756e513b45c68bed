package dev.anyrouter.protocol;

/**
 * How much the model should think before answering, as the client said it: a token budget
 * (Anthropic, Gemini) or an effort level (OpenAI {@code minimal|low|medium|high}). Either may be
 * null; an encoder converts between them when its wire only knows the other.
 *
 * @param budgetTokens tokens the model may spend thinking, or null
 * @param effort the effort level, or null
 * @param enabled false when the client explicitly turned thinking off
 */
public record Reasoning(Integer budgetTokens, String effort, boolean enabled) {
    /** Thinking explicitly turned off. */
    public static final Reasoning OFF = new Reasoning(null, null, false);

    /** The budget, or one derived from the effort level. */
    public int budgetOr(int fallback) {
        if (budgetTokens != null) return budgetTokens;
        if (effort == null) return fallback;
        return switch (effort) {
            case "none" -> 0;
            case "minimal" -> 1024;
            case "low" -> 2048;
            case "medium" -> 8192;
            case "high", "xhigh", "max" -> 24576;
            default -> fallback;
        };
    }

    /** The effort level, or one derived from the budget. */
    public String effortOr(String fallback) {
        if (effort != null) return effort;
        if (budgetTokens == null) return fallback;
        if (budgetTokens <= 1024) return "minimal";
        if (budgetTokens <= 4096) return "low";
        if (budgetTokens <= 16384) return "medium";
        return "high";
    }
}
