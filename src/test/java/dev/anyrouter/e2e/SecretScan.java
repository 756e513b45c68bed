package dev.anyrouter.e2e;

import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/** Looks for a secret, raw, base64- or URL-encoded, in text, files and database rows (public: the dashboard's tests scan too). */
public final class SecretScan {
    private SecretScan() {}

    public static List<String> forms(String secret) {
        return List.of(secret,
                Base64.getEncoder().encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
                Base64.getUrlEncoder().withoutPadding().encodeToString(secret.getBytes(StandardCharsets.UTF_8)),
                URLEncoder.encode(secret, StandardCharsets.UTF_8));
    }

    /** Every place (label) where any form of the secret appears. */
    public static List<String> inTexts(String label, List<String> texts, String secret) {
        List<String> hits = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            for (String form : forms(secret)) {
                if (texts.get(i) != null && texts.get(i).contains(form)) hits.add(label + "[" + i + "]");
            }
        }
        return hits;
    }

    public static List<String> inFiles(Path dir, String secret) throws IOException {
        List<String> hits = new ArrayList<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String content = new String(Files.readAllBytes(f), StandardCharsets.ISO_8859_1);
                for (String form : forms(secret)) if (content.contains(form)) hits.add(f.toString());
            }
        }
        return hits;
    }

    /** Reads every column of every row of every table of a SQLite database. */
    public static List<String> inSqlite(Path db, String secret) throws SQLException {
        List<String> hits = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + db)) {
            List<String> tables = new ArrayList<>();
            try (ResultSet rs = c.createStatement().executeQuery("SELECT name FROM sqlite_master WHERE type='table'")) {
                while (rs.next()) tables.add(rs.getString(1));
            }
            for (String table : tables) {
                try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM \"" + table + "\"")) {
                    int columns = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        for (int i = 1; i <= columns; i++) {
                            byte[] bytes = rs.getBytes(i);
                            String value = bytes == null ? "" : new String(bytes, StandardCharsets.ISO_8859_1);
                            for (String form : forms(secret)) if (value.contains(form)) hits.add(table + "." + i);
                        }
                    }
                }
            }
            if (tables.size() < 5) throw new AssertionError("expected the gateway's tables, found " + tables);
        }
        return hits;
    }
}
