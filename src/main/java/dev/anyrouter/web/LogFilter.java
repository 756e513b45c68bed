package dev.anyrouter.web;

import dev.anyrouter.usage.UsageRecord;
import io.vertx.core.MultiMap;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * What the /logs page is narrowed to; blank fields match everything. {@code status} is "ok",
 * "error" or one HTTP status; {@code app} matches the app's title or referer; {@code from} and
 * {@code to} are UTC days ({@code 2026-12-08}, both included; anything else is ignored); {@code q}
 * is searched for in the model, provider, key alias, app, error code and request id.
 */
record LogFilter(String model, String provider, String key, String status, String app, String from, String to, String q) {

    static LogFilter from(MultiMap params) {
        return new LogFilter(clean(params.get("model")), clean(params.get("provider")), clean(params.get("key")),
                clean(params.get("status")), clean(params.get("app")), day(params.get("from")), day(params.get("to")),
                clean(params.get("q")));
    }

    boolean matches(UsageRecord r) {
        return is(model, r.model()) && is(provider, r.provider()) && is(key, r.keyAlias()) && statusMatches(r.status())
                && (app.isEmpty() || is(app, r.appTitle()) || is(app, r.appReferer())) && inRange(r) && found(r);
    }

    boolean isEmpty() {
        return model.isEmpty() && provider.isEmpty() && key.isEmpty() && status.isEmpty() && app.isEmpty() && from.isEmpty()
                && to.isEmpty() && q.isEmpty();
    }

    /** The filter as a query string ({@code model=…&q=…}), blank fields left out: for paging and the CSV link. */
    String query() {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("model", model);
        fields.put("provider", provider);
        fields.put("key", key);
        fields.put("status", status);
        fields.put("app", app);
        fields.put("from", from);
        fields.put("to", to);
        fields.put("q", q);
        return fields.entrySet().stream().filter(e -> !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
    }

    private boolean inRange(UsageRecord r) {
        LocalDate day = r.at().atOffset(ZoneOffset.UTC).toLocalDate();
        return (from.isEmpty() || !day.isBefore(LocalDate.parse(from))) && (to.isEmpty() || !day.isAfter(LocalDate.parse(to)));
    }

    private boolean found(UsageRecord r) {
        if (q.isEmpty()) return true;
        String needle = q.toLowerCase(Locale.ROOT);
        for (String field : new String[] {r.model(), r.provider(), r.keyAlias(), r.appTitle(), r.appReferer(), r.errorCode(), r.id()}) {
            if (field != null && field.toLowerCase(Locale.ROOT).contains(needle)) return true;
        }
        return false;
    }

    private boolean statusMatches(int actual) {
        return switch (status) {
            case "" -> true;
            case "ok" -> actual / 100 == 2;
            case "error" -> actual / 100 != 2;
            default -> status.equals(Integer.toString(actual));
        };
    }

    private static boolean is(String wanted, String actual) {
        return wanted.isEmpty() || (actual != null && actual.toLowerCase(Locale.ROOT).equals(wanted.toLowerCase(Locale.ROOT)));
    }

    private static String clean(String raw) {
        return raw == null ? "" : raw.strip();
    }

    /** A UTC day as {@code yyyy-MM-dd}, or blank for anything else (a date picker sends that form). */
    private static String day(String raw) {
        String text = clean(raw);
        if (text.isEmpty()) return "";
        try {
            return LocalDate.parse(text).toString();
        } catch (DateTimeParseException notADay) {
            return "";
        }
    }
}
