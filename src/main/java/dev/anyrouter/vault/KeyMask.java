package dev.anyrouter.vault;

import java.util.List;
import java.util.Objects;

/**
 * Turns a provider key into the short id shown after save: a known, non-secret vendor prefix, an
 * ellipsis and the last four characters ({@code sk-proj-…3f9a}).
 *
 * <p>Only prefixes on the list below are kept, never "whatever comes before the first dash", because
 * on a key without a vendor prefix those characters are secret. The prefix is kept only when at
 * least twelve characters follow it, and keys shorter than twelve characters show only their last
 * two, so a mask never gives away a meaningful share of a key.
 */
public final class KeyMask {

    static final String ELLIPSIS = "…";
    private static final int SHORT_KEY = 12;

    /** Longest first, so {@code sk-ant-} wins over {@code sk-}. Each is 3 to 8 characters. */
    private static final List<String> KNOWN_PREFIXES = List.of(
            "sk-proj-", // OpenAI project keys
            "sk-ant-", // Anthropic
            "tgp_v1_", // Together
            "nvapi-", // NVIDIA
            "sk-or-", // OpenRouter (sk-or-v1-…)
            "pplx-", // Perplexity
            "AIza", // Google
            "gsk_", // Groq
            "xai-", // xAI
            "csk-", // Cerebras
            "fw_", // Fireworks
            "sk-"); // OpenAI, DeepSeek and others

    private KeyMask() {
    }

    /** The masked form of {@code key}; surrounding whitespace is ignored. */
    public static String mask(String key) {
        Objects.requireNonNull(key, "key");
        String trimmed = key.strip();
        int length = trimmed.length();
        if (length < SHORT_KEY) {
            return ELLIPSIS + trimmed.substring(Math.max(0, length - 2));
        }
        String tail = trimmed.substring(length - 4);
        for (String prefix : KNOWN_PREFIXES) {
            if (trimmed.startsWith(prefix) && length - prefix.length() >= SHORT_KEY) {
                return prefix + ELLIPSIS + tail;
            }
        }
        return ELLIPSIS + tail;
    }
}
