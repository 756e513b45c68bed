package dev.anyrouter.routing;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads how long a rate-limited upstream asks us to wait, from the first of: {@code retry-after-ms}
 * (OpenAI's SDKs honour it), {@code retry-after} (seconds or an HTTP date), then the providers'
 * own reset headers: OpenAI/Groq {@code x-ratelimit-reset-requests|tokens} (durations such as
 * {@code 6m0s}, {@code 1.5s}, {@code 20ms}) and Anthropic {@code anthropic-ratelimit-*-reset}
 * (RFC 3339 instants). Of several reset headers the longest wins: the limit that is exhausted is
 * the one that resets last.
 */
final class RetryAfter {
    private static final Duration MAX = Duration.ofDays(1);
    private static final Pattern GO_DURATION = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|h|m|s)");
    private static final String[] OPENAI_RESETS = {"x-ratelimit-reset-requests", "x-ratelimit-reset-tokens"};
    private static final String[] ANTHROPIC_RESETS = {"anthropic-ratelimit-requests-reset", "anthropic-ratelimit-tokens-reset",
            "anthropic-ratelimit-input-tokens-reset", "anthropic-ratelimit-output-tokens-reset"};

    private RetryAfter() {}

    /** The wait the headers ask for, if any says one; never negative, at most a day. */
    static Optional<Duration> from(Function<String, String> header, Instant now) {
        Duration ms = millis(header.apply("retry-after-ms"));
        if (ms != null) return Optional.of(clamp(ms));
        Duration retryAfter = retryAfter(header.apply("retry-after"), now);
        if (retryAfter != null) return Optional.of(clamp(retryAfter));
        Duration longest = null;
        for (String name : OPENAI_RESETS) longest = longer(longest, goDuration(header.apply(name)));
        for (String name : ANTHROPIC_RESETS) longest = longer(longest, untilInstant(header.apply(name), now));
        return Optional.ofNullable(longest).map(RetryAfter::clamp);
    }

    private static Duration millis(String raw) {
        if (raw == null) return null;
        try {
            double v = Double.parseDouble(raw.strip());
            return v >= 0 && Double.isFinite(v) ? Duration.ofMillis((long) Math.ceil(v)) : null;
        } catch (NumberFormatException e) {
            return null;
        }
    }

    private static Duration retryAfter(String raw, Instant now) {
        if (raw == null || raw.isBlank()) return null;
        try {
            double seconds = Double.parseDouble(raw.strip());
            return seconds >= 0 && Double.isFinite(seconds) ? Duration.ofMillis((long) Math.ceil(seconds * 1000)) : null;
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(raw.strip(), DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
                return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
            } catch (DateTimeParseException notADate) {
                return null;
            }
        }
    }

    /** Go's duration syntax, as OpenAI writes it: {@code 1h2m3s}, {@code 6m0s}, {@code 1.5s}, {@code 20ms}. */
    static Duration goDuration(String raw) {
        if (raw == null || raw.isBlank()) return null;
        String text = raw.strip();
        Matcher m = GO_DURATION.matcher(text);
        double millis = 0;
        int end = 0;
        while (m.find()) {
            if (m.start() != end) return null;
            double v = Double.parseDouble(m.group(1));
            millis += switch (m.group(2)) {
                case "h" -> v * 3_600_000;
                case "m" -> v * 60_000;
                case "s" -> v * 1_000;
                default -> v;
            };
            end = m.end();
        }
        return end == text.length() && end > 0 ? Duration.ofMillis((long) Math.ceil(millis)) : null;
    }

    private static Duration untilInstant(String raw, Instant now) {
        if (raw == null || raw.isBlank()) return null;
        try {
            Instant at = Instant.parse(raw.strip());
            return at.isAfter(now) ? Duration.between(now, at) : Duration.ZERO;
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static Duration longer(Duration a, Duration b) {
        if (a == null) return b;
        if (b == null) return a;
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static Duration clamp(Duration d) {
        return d.isNegative() ? Duration.ZERO : d.compareTo(MAX) > 0 ? MAX : d;
    }
}
