package dev.anyrouter.web;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** How the dashboard writes times and money. */
final class Formats {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private Formats() {}

    /** "just now", "5 min ago", "3 h ago", "2 d ago"; "never" for null. */
    static String ago(Instant at, Instant now) {
        if (at == null) return "never";
        Duration d = Duration.between(at, now);
        if (d.isNegative() || d.toSeconds() < 60) return "just now";
        if (d.toMinutes() < 60) return d.toMinutes() + " min ago";
        if (d.toHours() < 48) return d.toHours() + " h ago";
        return d.toDays() + " d ago";
    }

    /** A wait as people say it: "45 seconds", "1 minute", "15 minutes". */
    static String waitFor(long seconds) {
        if (seconds < 60) return seconds + (seconds == 1 ? " second" : " seconds");
        long minutes = (seconds + 59) / 60;
        return minutes + (minutes == 1 ? " minute" : " minutes");
    }

    /** A full UTC time stamp; empty for null. */
    static String stamp(Instant at) {
        return at == null ? "" : STAMP.format(at);
    }

    /**
     * Micro-dollars as dollars: two decimals, more only when a small amount would otherwise show as
     * $0.00 (a single request often costs a fraction of a cent).
     */
    static String usd(long micros) {
        BigDecimal dollars = BigDecimal.valueOf(micros, 6);
        BigDecimal shown = dollars.setScale(2, RoundingMode.HALF_EVEN);
        if (shown.signum() == 0 && micros != 0) shown = dollars.stripTrailingZeros();
        String text = shown.abs().toPlainString();
        return (micros < 0 ? "-$" : "$") + text;
    }
}
