package dev.anyrouter.config;

import java.nio.file.Path;
import java.time.Duration;

/**
 * Everything the gateway is configured with, built once at start-up from defaults, an
 * optional config file, {@code ANYROUTER_*} environment variables and flags (in rising
 * precedence) and never changed afterwards. {@code catalogFile} (nullable) is the operator's
 * own model catalog, merged over the built-in one. {@code publicUrl} is the gateway's address as
 * its users reach it (links in mail are built on it, never on a request's Host header).
 */
public record Settings(
        String host,
        int port,
        Path dataDir,
        String databaseUrl,
        Path catalogFile,
        boolean allowPrivateUpstreams,
        long maxRequestBytes,
        Duration upstreamConnectTimeout,
        Duration upstreamFirstByteTimeout,
        Duration upstreamIdleTimeout,
        int upstreamPoolSize,
        int upstreamMaxAttempts,
        int upstreamMaxRetries,
        String adminToken,
        String publicUrl,
        CreditsSettings credits,
        MailSettings mail) {

    public static final int DEFAULT_PORT = 8080;
    public static final String DEFAULT_HOST = "127.0.0.1";
    public static final long DEFAULT_MAX_REQUEST_BYTES = 8L * 1024 * 1024;

    public Settings {
        if (host == null || host.isBlank()) throw new InvalidSettingsException("host must not be empty");
        if (port < 0 || port > 65535) throw new InvalidSettingsException("port must be between 0 and 65535, got " + port);
        if (dataDir == null) throw new InvalidSettingsException("data dir must be set");
        if (databaseUrl == null
                || !(databaseUrl.startsWith("jdbc:sqlite:") || databaseUrl.startsWith("jdbc:postgresql:"))) {
            throw new InvalidSettingsException("database url must start with jdbc:sqlite: or jdbc:postgresql:");
        }
        if (maxRequestBytes < 1024) throw new InvalidSettingsException("max request bytes must be at least 1024");
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
        if (publicUrl == null || !(publicUrl.startsWith("http://") || publicUrl.startsWith("https://"))) {
            throw new InvalidSettingsException("public-url must start with http:// or https://");
        }
        while (publicUrl.endsWith("/")) publicUrl = publicUrl.substring(0, publicUrl.length() - 1);
        if (credits == null) credits = CreditsSettings.defaults();
        if (mail == null) mail = MailSettings.none();
        if (credits.grantNeedsVerifiedEmail() && !mail.configured()) {
            throw new InvalidSettingsException("signup-grant-verified-email needs smtp-url (and mail-from) to send the verification mail");
        }
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
                + ", maxRequestBytes=" + maxRequestBytes + ", upstreamConnectTimeout=" + upstreamConnectTimeout
                + ", upstreamFirstByteTimeout=" + upstreamFirstByteTimeout + ", upstreamIdleTimeout=" + upstreamIdleTimeout
                + ", upstreamPoolSize=" + upstreamPoolSize + ", upstreamMaxAttempts=" + upstreamMaxAttempts
                + ", upstreamMaxRetries=" + upstreamMaxRetries + ", adminToken=" + (adminToken == null ? "unset" : "[redacted]") + ", publicUrl=" + publicUrl
                + ", credits=" + credits + ", mail=" + mail + "]";
    }

    /** The URL clients use, as printed at start-up. */
    public String baseUrl(int boundPort) {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + boundPort + "/api/v1";
    }
}
