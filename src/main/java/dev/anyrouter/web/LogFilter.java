package dev.anyrouter.web;

import dev.anyrouter.usage.UsageRecord;
import io.vertx.core.MultiMap;
import java.util.Locale;

/**
 * What the /logs page is narrowed to; blank fields match everything. {@code status} is "ok",
 * "error" or one HTTP status; {@code app} matches the app's title or referer.
 */
record LogFilter(String model, String provider, String key, String status, String app) {

    static LogFilter from(MultiMap params) {
        return new LogFilter(clean(params.get("model")), clean(params.get("provider")), clean(params.get("key")),
                clean(params.get("status")), clean(params.get("app")));
    }

    boolean matches(UsageRecord r) {
        return is(model, r.model()) && is(provider, r.provider()) && is(key, r.keyAlias()) && statusMatches(r.status())
                && (app.isEmpty() || is(app, r.appTitle()) || is(app, r.appReferer()));
    }

    boolean isEmpty() {
        return model.isEmpty() && provider.isEmpty() && key.isEmpty() && status.isEmpty() && app.isEmpty();
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
}
