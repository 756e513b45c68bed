package dev.anyrouter.config;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * Everything the gateway is configured with, built once at start-up from defaults, an
 * optional config file, {@code ANYROUTER_*} environment variables and flags (in rising
 * precedence) and never changed afterwards. {@code catalogFile} (nullable) is the operator's
 * own model catalog, merged over the built-in one. {@code publicUrl} (nullable) is the address
 * clients reach the gateway at, when a reverse proxy stands in front (links in mail are built on it, never on a request's Host header); {@code masterKeyFile}
 * (nullable) keeps the master keyset outside the data dir.
 * {@code credits} governs the opening grant and how long a request may hold credits, {@code mail}
 * the optional SMTP hook, {@code limits} bounds what one client may cost. {@code upstreamHosts} are
 * the hosts besides each provider's own that the operator lets any provider key be sent to;
 * {@code caps} bound what one account may store; {@code donation} is the donation pool's credit rate and order.
 * {@code drainDeadline} is how long a node that was told to stop (SIGTERM) lets its open requests run
 * before it ends each still open with an error in its wire.
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
        URI publicUrl,
        Path masterKeyFile,
        SignIn signIn,
        CreditsSettings credits,
        MailSettings mail,
        Limits limits,
        List<String> upstreamHosts,
        AccountCaps caps,
        DonationSettings donation,
        Duration drainDeadline) {

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
        if (publicUrl != null && !(publicUrl.isAbsolute() && publicUrl.getHost() != null
                && ("https".equals(publicUrl.getScheme()) || "http".equals(publicUrl.getScheme())))) {
            throw new InvalidSettingsException("public url must be an absolute http:// or https:// URL, e.g. https://router.example.com");
        }
        if (signIn == null) throw new InvalidSettingsException("sign-in settings must be set");
        if (credits == null) credits = CreditsSettings.defaults();
        if (mail == null) mail = MailSettings.none();
        if (credits.grantNeedsVerifiedEmail() && !mail.configured()) {
            throw new InvalidSettingsException("signup-grant-verified-email needs smtp-url (and mail-from) to send the verification mail");
        }
        upstreamHosts = List.copyOf(upstreamHosts);
        if (caps == null) throw new InvalidSettingsException("account caps must be set");
        if (donation == null) donation = DonationSettings.defaults();
        if (drainDeadline == null || drainDeadline.isNegative()) {
            throw new InvalidSettingsException("drain deadline must not be negative (0 ends open requests at once on stop)");
        }
    }

    /**
     * How much one account may store, so one account cannot fill the database or make unbounded
     * live validation calls.
     *
     * @param byokKeys provider keys per account
     * @param apiKeys live AnyRouter API keys per account
     * @param presets presets per account
     */
    public record AccountCaps(int byokKeys, int apiKeys, int presets) {
        public AccountCaps {
            if (byokKeys < 1) throw new InvalidSettingsException("max byok keys must be at least 1");
            if (apiKeys < 1) throw new InvalidSettingsException("max api keys must be at least 1");
            if (presets < 1) throw new InvalidSettingsException("max presets must be at least 1");
        }
    }

    /**
     * Dashboard sessions and signing in.
     *
     * @param sessionIdle a session unused this long ends
     * @param sessionLifetime a session ends this long after login, however busy
     * @param secureCookies cookies carry {@code Secure} (the browser reaches the gateway over TLS)
     * @param maxFailures failed logins (or sign-ups) per client address, and per account, in one window before 429
     * @param failureWindow how long a failure counts
     * @param hashPermits password hashes computed at once (each holds about 19 MiB)
     * @param trustedProxies addresses or CIDR blocks of reverse proxies whose {@code X-Forwarded-For} is believed
     */
    public record SignIn(Duration sessionIdle, Duration sessionLifetime, boolean secureCookies, int maxFailures,
                         Duration failureWindow, int hashPermits, List<String> trustedProxies) {
        public SignIn {
            requirePositive(sessionIdle, "session idle timeout");
            requirePositive(sessionLifetime, "session lifetime");
            requirePositive(failureWindow, "login window");
            if (maxFailures < 1) throw new InvalidSettingsException("login max failures must be at least 1");
            if (hashPermits < 1) throw new InvalidSettingsException("password hash permits must be at least 1");
            trustedProxies = List.copyOf(trustedProxies);
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
                + ", limits=" + limits + ", upstreamConnectTimeout=" + upstreamConnectTimeout
                + ", upstreamFirstByteTimeout=" + upstreamFirstByteTimeout + ", upstreamIdleTimeout=" + upstreamIdleTimeout
                + ", upstreamPoolSize=" + upstreamPoolSize + ", upstreamMaxAttempts=" + upstreamMaxAttempts
                + ", upstreamMaxRetries=" + upstreamMaxRetries + ", adminToken=" + (adminToken == null ? "unset" : "[redacted]") + ", publicUrl=" + publicUrl
                + ", masterKeyFile=" + masterKeyFile + ", signIn=" + signIn + ", credits=" + credits + ", mail=" + mail + ", upstreamHosts=" + upstreamHosts + ", caps=" + caps + ", donation=" + donation
                + ", drainDeadline=" + drainDeadline + "]";
    }

    /** The URL clients use, as printed at start-up. */
    public String baseUrl(int boundPort) {
        String shown = host.contains(":") ? "[" + host + "]" : host;
        return "http://" + shown + ":" + boundPort + "/api/v1";
    }
}
