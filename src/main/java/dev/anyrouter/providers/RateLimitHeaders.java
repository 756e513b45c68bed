package dev.anyrouter.providers;

import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The rate-limit headers a provider sends on its answers, as the catalog's {@code rate_limit_headers}
 * names them, read into {@link RateLimits}. A header that is missing or does not parse leaves its
 * window unknown: a quirky header never fails a request.
 *
 * <ul>
 *   <li>{@link #OPENAI}: {@code x-ratelimit-limit-requests}, {@code x-ratelimit-remaining-requests},
 *       {@code x-ratelimit-reset-requests} and the {@code -tokens} three, resets as Go-style durations
 *       ({@code 1s}, {@code 6m0s}, {@code 20ms}, {@code 2m59.56s}) until the window is whole again
 *       (OpenAI's rate-limits guide; Groq sends the same names).
 *   <li>{@link #ANTHROPIC}: {@code anthropic-ratelimit-requests-limit|remaining|reset} and the
 *       {@code -tokens-} three (the most restrictive token limit in effect), else the
 *       {@code -input-tokens-} ones; resets as RFC 3339 instants.
 * </ul>
 */
public enum RateLimitHeaders {
    OPENAI("openai"),
    ANTHROPIC("anthropic");

    private static final Pattern DURATION_PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(h|ms|us|µs|ns|m|s)");
    private static final long MAX_COUNT = Long.MAX_VALUE / 4;

    private final String yamlName;

    RateLimitHeaders(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The catalog's spelling. */
    public String yamlName() {
        return yamlName;
    }

    /** The dialect the catalog names; null for none. */
    public static RateLimitHeaders fromYaml(String name) {
        if (name == null) return null;
        for (RateLimitHeaders h : values()) {
            if (h.yamlName.equals(name)) return h;
        }
        throw new IllegalArgumentException("rate_limit_headers must be one of openai, anthropic, got '" + name + "'");
    }

    /**
     * The limits an answer's headers state.
     *
     * @param header the answer's header by lower-case name, null when absent
     * @param now when the answer arrived (Anthropic's resets are instants)
     */
    public RateLimits read(Function<String, String> header, Instant now) {
        return switch (this) {
            case OPENAI -> new RateLimits(
                    window(header, "x-ratelimit-limit-requests", "x-ratelimit-remaining-requests", "x-ratelimit-reset-requests", now),
                    window(header, "x-ratelimit-limit-tokens", "x-ratelimit-remaining-tokens", "x-ratelimit-reset-tokens", now));
            case ANTHROPIC -> {
                RateLimits.Window tokens = window(header, "anthropic-ratelimit-tokens-limit", "anthropic-ratelimit-tokens-remaining",
                        "anthropic-ratelimit-tokens-reset", now);
                if (tokens == null) {
                    tokens = window(header, "anthropic-ratelimit-input-tokens-limit", "anthropic-ratelimit-input-tokens-remaining",
                            "anthropic-ratelimit-input-tokens-reset", now);
                }
                yield new RateLimits(window(header, "anthropic-ratelimit-requests-limit", "anthropic-ratelimit-requests-remaining",
                        "anthropic-ratelimit-requests-reset", now), tokens);
            }
        };
    }

    private RateLimits.Window window(Function<String, String> header, String limitName, String remainingName, String resetName,
                                     Instant now) {
        long limit = count(header.apply(limitName));
        long remaining = count(header.apply(remainingName));
        if (limit < 0 || remaining < 0) return null;
        Duration resetsIn = reset(header.apply(resetName), now);
        if (resetsIn == null) return null; // when it fills up again is the half that matters
        return new RateLimits.Window(limit, remaining, resetsIn);
    }

    private Duration reset(String value, Instant now) {
        if (value == null || value.isBlank()) return null;
        String v = value.strip();
        return this == ANTHROPIC ? untilInstant(v, now) : goDuration(v);
    }

    private static long count(String value) {
        if (value == null) return -1;
        try {
            long n = Long.parseLong(value.strip());
            return n < 0 || n > MAX_COUNT ? -1 : n;
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    /** A Go duration ({@code 1m30.5s}, {@code 20ms}); a bare number is seconds, as some OpenAI-compatible hosts send. */
    static Duration goDuration(String text) {
        String v = text.toLowerCase(Locale.ROOT);
        if (v.matches("\\d+(\\.\\d+)?")) return nanos(Double.parseDouble(v) * 1e9);
        Matcher m = DURATION_PART.matcher(v);
        double nanos = 0;
        int at = 0;
        while (m.find()) {
            if (m.start() != at) return null;
            double n = Double.parseDouble(m.group(1));
            nanos += n * switch (m.group(2)) {
                case "h" -> 3600e9;
                case "m" -> 60e9;
                case "s" -> 1e9;
                case "ms" -> 1e6;
                case "us", "µs" -> 1e3;
                default -> 1;
            };
            at = m.end();
        }
        return at == v.length() && at > 0 ? nanos(nanos) : null;
    }

    private static Duration nanos(double nanos) {
        if (!(nanos >= 0) || nanos > 366 * 86_400e9) return null;
        return Duration.ofNanos((long) nanos);
    }

    private static Duration untilInstant(String text, Instant now) {
        try {
            Duration d = Duration.between(now, OffsetDateTime.parse(text).toInstant());
            return d.isNegative() ? Duration.ZERO : d;
        } catch (DateTimeParseException e) {
            return null;
        }
    }
}
