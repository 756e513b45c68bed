package dev.anyrouter.cli;

import dev.anyrouter.config.Settings;
import dev.anyrouter.config.SettingsLoader;
import java.util.HashMap;
import java.util.Map;
import picocli.CommandLine.Option;

/** The options an operator command shares with {@code serve} to find the same database and key file. */
class StoreOptions {
    @Option(names = "--data", paramLabel = "DIR", description = "Data directory (env ANYROUTER_DATA, default ./data).")
    String data;

    @Option(names = "--database-url", paramLabel = "JDBC", description = "Database (env ANYROUTER_DATABASE_URL).")
    String databaseUrl;

    @Option(names = "--master-key-file", paramLabel = "FILE", description = "Master keyset file (env ANYROUTER_MASTER_KEY_FILE).")
    String masterKeyFile;

    @Option(names = "--config", paramLabel = "FILE", description = "Optional YAML config file (env ANYROUTER_CONFIG).")
    String config;

    /** The settings these options and the environment give, as {@code serve} would read them. */
    Settings settings() {
        Map<String, String> flags = new HashMap<>();
        if (data != null) flags.put("data", data);
        if (databaseUrl != null) flags.put("database-url", databaseUrl);
        if (masterKeyFile != null) flags.put("master-key-file", masterKeyFile);
        if (config != null) flags.put("config", config);
        return SettingsLoader.load(flags, System.getenv());
    }
}
