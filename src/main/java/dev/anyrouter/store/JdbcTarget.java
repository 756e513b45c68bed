package dev.anyrouter.store;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Where a JDBC URL points, with any password lifted out of the URL so no log or error can echo it. */
sealed interface JdbcTarget {
    String SQLITE_PREFIX = "jdbc:sqlite:";
    String POSTGRES_PREFIX = "jdbc:postgresql:";
    Pattern PASSWORD_PARAM = Pattern.compile("(?i)(password=)[^&;]*");
    Pattern USER_INFO = Pattern.compile("//[^/@?]*@");

    /** The URL as it may be shown to a person: passwords masked. */
    String display();

    /** An SQLite database file. */
    record Sqlite(Path file, String url) implements JdbcTarget {
        @Override
        public String display() {
            return url;
        }
    }

    /** A PostgreSQL server; {@code url} carries no password, {@code password} may be null. */
    record Postgres(String url, String password) implements JdbcTarget {
        @Override
        public String display() {
            return url;
        }

        @Override
        public String toString() {
            return "Postgres[" + url + "]";
        }
    }

    static JdbcTarget parse(String jdbcUrl) {
        if (jdbcUrl == null || jdbcUrl.isBlank()) {
            throw new StoreException("no database URL given: expected jdbc:sqlite:<path> or jdbc:postgresql://host/db");
        }
        String url = jdbcUrl.strip();
        if (url.startsWith(SQLITE_PREFIX)) {
            return sqlite(url);
        }
        if (url.startsWith(POSTGRES_PREFIX)) {
            return postgres(url);
        }
        throw new StoreException("unsupported database URL " + redact(url)
                + ": expected jdbc:sqlite:<path> or jdbc:postgresql://host/db");
    }

    /** Masks passwords in a URL given by a user, for messages about it. */
    static String redact(String url) {
        String masked = PASSWORD_PARAM.matcher(url).replaceAll("$1***");
        return USER_INFO.matcher(masked).replaceAll("//***@");
    }

    private static Sqlite sqlite(String url) {
        String rest = url.substring(SQLITE_PREFIX.length());
        String path = rest.startsWith("file:") ? rest.substring("file:".length()) : rest;
        int query = path.indexOf('?');
        if (query >= 0) {
            path = path.substring(0, query);
        }
        if (path.isBlank() || path.contains(":memory:") || rest.contains("mode=memory")) {
            // Each pooled connection would open its own empty in-memory database.
            throw new StoreException("in-memory SQLite is not supported: give a file path, e.g. jdbc:sqlite:./data/anyrouter.db");
        }
        return new Sqlite(Path.of(path).toAbsolutePath(), url);
    }

    private static Postgres postgres(String url) {
        if (USER_INFO.matcher(url).find()) {
            throw new StoreException("put the PostgreSQL user and password in URL parameters (?user=…&password=…), not before the host: "
                    + redact(url));
        }
        int query = url.indexOf('?');
        if (query < 0) {
            return new Postgres(url, null);
        }
        String password = null;
        List<String> kept = new ArrayList<>();
        for (String param : url.substring(query + 1).split("&")) {
            if (param.toLowerCase(Locale.ROOT).startsWith("password=")) {
                password = URLDecoder.decode(param.substring("password=".length()), StandardCharsets.UTF_8);
            } else if (!param.isEmpty()) {
                kept.add(param);
            }
        }
        String base = url.substring(0, query);
        return new Postgres(kept.isEmpty() ? base : base + "?" + String.join("&", kept), password);
    }
}
