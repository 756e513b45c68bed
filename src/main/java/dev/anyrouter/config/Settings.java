package dev.anyrouter.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the gateway is configured with, built once at start-up from defaults, an
 * optional config file, {@code ANYROUTER_*} environment variables and flags (in rising
 * precedence) and never changed afterwards. {@code catalogFile} (nullable) is the operator's
 * own model catalog, merged over the built-in one; {@code limits} bounds what one client may cost.
 */
public record Settings(
        String host,
        int port,
        Path dataDir,
        String databaseUrl,
        Path catalogFile,
        boolean allowPrivateUpstreams,
        Duration upstreamConnectTimeout,
        Duration upstreamFirstByteTimeout,
        Duration upstreamIdleTimeout,
        int upstreamPoolSize,
        int upstreamMaxAttempts,
        int upstreamMaxRetries,
        String adminToken,
        Limits limits) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_HOST = "127.0.0.1";

    public Settings {
        if (host == null || host.isBlank()) throw new InvalidSettingsException("host must not be empty");
        if (port < 0 || port > 65535) throw new InvalidSettingsException("port must be between 0 and 65535, got " + port);
        if (dataDir == null) throw new InvalidSettingsException("data dir must be set");
        if (databaseUrl == null
                || !(databaseUrl.startsWith("jdbc:sqlite:") || databaseUrl.startsWith("jdbc:postgresql:"))) {
            throw new InvalidSettingsException("database url must start with jdbc:sqlite: or jdbc:postgresql:");
        }
        if (limits == null) throw new InvalidSettingsException("limits must be set");
        if (upstreamPoolSize < 1) throw new InvalidSettingsException("upstream pool size must be positive");
        if (upstreamMaxAttempts < 1) throw new InvalidSettingsException("upstream max attempts must be at least 1");
        if (upstreamMaxRetries < 0) throw new InvalidSettingsException("upstream max retries must not be negative");
        if (adminToken != null && !adminToken.isEmpty() && adminToken.length() < 24) {
            throw new InvalidSettingsException("admin token must be at least 24 characters (or unset, which turns the admin API off)");
        }
        if (adminToken != null && adminToken.isEmpty()) adminToken = null;
        requirePositive(upstreamConnectTimeout, "upstream connect timeout");
        requirePositive(upstreamFirstByteTimeout, "upstream first-byte timeout");
        requirePositive(upstreamIdleTimeout, "upstream idle timeout");
    }

    private static void requirePositive(Duration d, String what) {
        if (d == null || d.isNegative() || d.isZero()) throw new InvalidSettingsException(what + " must be positive");
    }

    /** Whether the admin API ({@code /api/v1/admin/*}) is on: only when an operator token is set. */
    public boolean adminEnabled() {
        return adminToken != null;
    }

    @Override
    public String toString() {
        // Spelled out so that the admin token can never reach a log through a record's toString.
        return "Settings[host=" + host + ", port=" + port + ", dataDir=" + dataDir + ", databaseUrl="
                + dev.anyrouter.vault.Redaction.redact(databaseUrl) + ", allowPrivateUpstreams=" + allowPrivateUpstreams
                + ", limits=" + limits + ", upstreamConnectTimeout=" + upstreamConnectTimeout
                + ", upstreamFirstByteTimeout=" + upstreamFirstByteTimeout + ", upstreamIdleTimeout=" + upstreamIdleTimeout
                + ", upstreamPoolSize=" + upstreamPoolSize + ", upstreamMaxAttempts=" + upstreamMaxAttempts
                + ", upstreamMaxRetries=" + upstreamMaxRetries + ", adminToken=" + (adminToken == null ? "unset" : "[redacted]") + "]";
    }

    /** The URL clients use, as printed at start-up. */
    public String baseUrl(int boundPort) {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + boundPort + "/api/v1";
    }
}
