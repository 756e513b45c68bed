package dev.anyrouter.protocol;

/** Sampling parameters; every one is null when the client did not set it. */
public record Sampling(Double temperature, Double topP, Integer topK, Double frequencyPenalty,
                       Double presencePenalty, Long seed) {
    public static final Sampling DEFAULT = new Sampling(null, null, null, null, null, null);
}
