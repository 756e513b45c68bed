package dev.anyrouter.cli;

import dev.anyrouter.config.Settings;
import dev.anyrouter.config.SettingsLoader;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The flags that find the database, spelled as {@code serve} spells them, for the commands that work on it directly. */
final class DatabaseOptions {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (env ANYROUTER_DATA, default ./data).")
    String data;

    @Option(names = "--database-url", paramLabel = "JDBC", description = "Database (env ANYROUTER_DATABASE_URL).")
    String databaseUrl;

    @Option(names = "--config", paramLabel = "FILE", description = "Optional YAML config file (env ANYROUTER_CONFIG).")
    String config;

    /** The settings these flags, the environment and the config file give. */
    Settings settings() {
        return settings(Map.of());
    }

    /** The same, with the calling command's own flags ({@code more}, by setting name) added. */
    Settings settings(Map<String, String> more) {
        Map<String, String> flags = new HashMap<>(more);
        if (data != null) flags.put("data", data);
        if (databaseUrl != null) flags.put("database-url", databaseUrl);
        if (config != null) flags.put("config", config);
        return SettingsLoader.load(flags, System.getenv());
    }
}
