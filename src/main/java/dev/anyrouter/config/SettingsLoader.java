package dev.anyrouter.config;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Builds {@link Settings} from, in rising precedence: defaults, a YAML config file (flag
 * {@code --config}, env {@code ANYROUTER_CONFIG}), {@code ANYROUTER_*} environment variables
 * and command-line flags. Every source uses the same names ({@code port},
 * {@code allow-private-upstreams}, ...), so a setting is spelled one way everywhere.
 */
public final class SettingsLoader {

    static final Set<String> KNOWN = Set.of(
            "host", "port", "data", "database-url", "catalog-file", "allow-private-upstreams",
            "max-request-bytes", "upstream-connect-timeout-ms", "upstream-first-byte-timeout-ms",
            "upstream-idle-timeout-ms", "upstream-pool-size", "upstream-max-attempts", "upstream-max-retries",
            "admin-token", "public-url", "secure-cookies", "master-key-file", "session-idle-timeout-s",
            "session-lifetime-s", "login-max-failures", "login-window-s", "password-hash-permits", "trusted-proxies",
            "signup-grant-usd", "signup-grants-per-address", "signup-grants-per-window", "signup-grant-window-s",
            "signup-grant-verified-email", "max-request-s", "smtp-url", "mail-from",
            "max-management-request-bytes", "max-model-id-length", "max-request-models", "request-header-timeout-ms",
            "connection-idle-timeout-ms", "max-key-models", "max-upstream-answer-bytes", "max-upstream-event-bytes",
            "max-upstream-held-bytes", "upstream-hosts", "max-byok-keys", "max-api-keys", "max-presets",
            "pool-credit-rate", "pool-order", "drain-deadline-ms");

    /** How long a stopping node lets open requests run by default: inside the 30 s most supervisors wait. */
    static final long DEFAULT_DRAIN_DEADLINE_MS = 25_000;

    private SettingsLoader() {}

    /**
     * @param flags settings given on the command line, by name (absent = not given)
     * @param env the process environment
     */
    public static Settings load(Map<String, String> flags, Map<String, String> env) {
        Map<String, String> merged = new HashMap<>();
        String configFile = flags.getOrDefault("config", env.get("ANYROUTER_CONFIG"));
        if (configFile != null && !configFile.isBlank()) merged.putAll(readFile(Path.of(configFile)));
        for (String name : KNOWN) {
            String fromEnv = env.get("ANYROUTER_" + name.toUpperCase(Locale.ROOT).replace('-', '_'));
            if (fromEnv != null && !fromEnv.isBlank()) merged.put(name, fromEnv);
        }
        flags.forEach((name, value) -> {
            if (!name.equals("config") && value != null) merged.put(name, value);
        });
        return build(merged);
    }

    static Settings build(Map<String, String> values) {
        for (String name : values.keySet()) {
            if (!KNOWN.contains(name)) throw new InvalidSettingsException("unknown setting '" + name + "'");
        }
        Path data = Path.of(values.getOrDefault("data", "./data")).toAbsolutePath().normalize();
        String db = values.getOrDefault("database-url", "jdbc:sqlite:" + data.resolve("anyrouter.db"));
        String host = values.getOrDefault("host", Settings.DEFAULT_HOST);
        int port = integer(values, "port", Settings.DEFAULT_PORT);
        URI publicUrl = uri(values, "public-url");
        return new Settings(
                host,
                port,
                data,
                db,
                values.containsKey("catalog-file") ? Path.of(values.get("catalog-file")).toAbsolutePath() : null,
                bool(values, "allow-private-upstreams", false),
                Duration.ofMillis(longValue(values, "upstream-connect-timeout-ms", 10_000)),
                Duration.ofMillis(longValue(values, "upstream-first-byte-timeout-ms", 300_000)),
                Duration.ofMillis(longValue(values, "upstream-idle-timeout-ms", 300_000)),
                integer(values, "upstream-pool-size", 10_000),
                integer(values, "upstream-max-attempts", 16),
                integer(values, "upstream-max-retries", 2),
                values.get("admin-token"),
                publicUrl,
                values.containsKey("master-key-file") ? Path.of(values.get("master-key-file")).toAbsolutePath().normalize() : null,
                signIn(values, publicUrl),
                credits(values),
                MailSettings.parse(values.get("smtp-url"), values.get("mail-from")),
                limits(values),
                list(values, "upstream-hosts"),
                new Settings.AccountCaps(integer(values, "max-byok-keys", 200), integer(values, "max-api-keys", 100),
                        integer(values, "max-presets", 100)),
                DonationSettings.parse(values.get("pool-credit-rate"), values.get("pool-order")),
                Duration.ofMillis(longValue(values, "drain-deadline-ms", DEFAULT_DRAIN_DEADLINE_MS)));
    }

    /** A comma-separated list; blanks between commas are ignored. */
    private static List<String> list(Map<String, String> values, String name) {
        return values.containsKey(name)
                ? Arrays.stream(values.get(name).split(",")).map(String::strip).filter(p -> !p.isEmpty()).toList()
                : List.of();
    }

    private static CreditsSettings credits(Map<String, String> values) {
        return new CreditsSettings(
                usdMicros(values, "signup-grant-usd", CreditsSettings.DEFAULT_SIGNUP_GRANT_MICROS),
                integer(values, "signup-grants-per-address", CreditsSettings.DEFAULT_GRANTS_PER_ADDRESS),
                integer(values, "signup-grants-per-window", 0),
                Duration.ofSeconds(longValue(values, "signup-grant-window-s", CreditsSettings.DEFAULT_GRANT_WINDOW.toSeconds())),
                bool(values, "signup-grant-verified-email", false),
                Duration.ofSeconds(longValue(values, "max-request-s", CreditsSettings.DEFAULT_MAX_REQUEST.toSeconds())));
    }

    private static long usdMicros(Map<String, String> values, String name, long fallback) {
        String raw = values.get(name);
        if (raw == null) return fallback;
        try {
            java.math.BigDecimal usd = new java.math.BigDecimal(raw.strip());
            if (usd.signum() < 0 || usd.stripTrailingZeros().scale() > 6) throw new NumberFormatException();
            return usd.movePointRight(6).longValueExact();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new InvalidSettingsException(name + " must be an amount in dollars such as 2 or 0.50, got '" + raw + "'");
        }
    }

    private static Settings.SignIn signIn(Map<String, String> values, URI publicUrl) {
        // Behind TLS the cookies must say so; a public https URL is the operator saying it.
        boolean https = publicUrl != null && "https".equals(publicUrl.getScheme());
        List<String> proxies = list(values, "trusted-proxies");
        return new Settings.SignIn(
                Duration.ofSeconds(longValue(values, "session-idle-timeout-s", 8 * 3600)),
                Duration.ofSeconds(longValue(values, "session-lifetime-s", 7 * 24 * 3600)),
                bool(values, "secure-cookies", https),
                integer(values, "login-max-failures", 10),
                Duration.ofSeconds(longValue(values, "login-window-s", 15 * 60)),
                integer(values, "password-hash-permits", Math.max(2, Runtime.getRuntime().availableProcessors())),
                proxies);
    }

    private static URI uri(Map<String, String> values, String name) {
        String raw = values.get(name);
        if (raw == null || raw.isBlank()) return null;
        try {
            return new URI(raw.strip());
        } catch (java.net.URISyntaxException e) {
            throw new InvalidSettingsException(name + " is not a URL: '" + raw + "'");
        }
    }

    private static Limits limits(Map<String, String> values) {
        return new Limits(
                longValue(values, "max-request-bytes", Limits.DEFAULT_INFERENCE_BODY_BYTES),
                longValue(values, "max-management-request-bytes", Limits.DEFAULT_MANAGEMENT_BODY_BYTES),
                integer(values, "max-model-id-length", Limits.DEFAULT_MODEL_ID_LENGTH),
                integer(values, "max-request-models", Limits.DEFAULT_REQUEST_MODELS),
                Duration.ofMillis(longValue(values, "request-header-timeout-ms", Limits.DEFAULT_HEADER_TIMEOUT.toMillis())),
                Duration.ofMillis(longValue(values, "connection-idle-timeout-ms", Limits.DEFAULT_IDLE_TIMEOUT.toMillis())),
                integer(values, "max-key-models", Limits.DEFAULT_KEY_MODELS),
                longValue(values, "max-upstream-answer-bytes", Limits.DEFAULT_UPSTREAM_ANSWER_BYTES),
                integer(values, "max-upstream-event-bytes", Limits.DEFAULT_UPSTREAM_EVENT_BYTES),
                longValue(values, "max-upstream-held-bytes", Limits.DEFAULT_UPSTREAM_HELD_BYTES));
    }

    private static Map<String, String> readFile(Path file) {
        if (!Files.isRegularFile(file)) throw new InvalidSettingsException("config file " + file + " does not exist");
        JsonNode root;
        try {
            root = new ObjectMapper(new YAMLFactory()).readTree(file.toFile());
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new InvalidSettingsException("config file " + file + " is not valid YAML: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new InvalidSettingsException("config file " + file + " cannot be read: " + e.getMessage());
        }
        Map<String, String> values = new HashMap<>();
        if (root == null || root.isNull()) return values;
        if (!root.isObject()) throw new InvalidSettingsException("config file " + file + " must be a mapping of setting: value");
        for (Iterator<Map.Entry<String, JsonNode>> it = root.fields(); it.hasNext(); ) {
            var e = it.next();
            if (!e.getValue().isValueNode()) {
                throw new InvalidSettingsException("config file " + file + ": '" + e.getKey() + "' must be a plain value");
            }
            values.put(e.getKey(), e.getValue().asText());
        }
        return values;
    }

    private static int integer(Map<String, String> values, String name, int fallback) {
        long v = longValue(values, name, fallback);
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) throw new InvalidSettingsException(name + " is out of range: " + v);
        return (int) v;
    }

    private static long longValue(Map<String, String> values, String name, long fallback) {
        String raw = values.get(name);
        if (raw == null) return fallback;
        try {
            return Long.parseLong(raw.trim());
        } catch (NumberFormatException e) {
            throw new InvalidSettingsException(name + " must be a whole number, got '" + raw + "'");
        }
    }

    private static boolean bool(Map<String, String> values, String name, boolean fallback) {
        String raw = values.get(name);
        if (raw == null) return fallback;
        return switch (raw.trim().toLowerCase(Locale.ROOT)) {
            case "true", "1", "yes", "on" -> true;
            case "false", "0", "no", "off" -> false;
            default -> throw new InvalidSettingsException(name + " must be true or false, got '" + raw + "'");
        };
    }
}
