package dev.anyrouter.config;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Where the gateway sends mail (the e-mail verification link), parsed from one {@code smtp-url}:
 * {@code smtp://[user:password@]host[:port]} (STARTTLS required, except to a loopback relay; port
 * 587 by default) or {@code smtps://…} (TLS from the first byte; port 465). Unset: no mail is sent.
 *
 * @param from the sender address ({@code mail-from})
 */
public record MailSettings(String host, int port, boolean implicitTls, String username, String password, String from) {

    public MailSettings {
        if (host != null && (from == null || from.isBlank() || from.indexOf('@') < 1)) {
            throw new InvalidSettingsException("mail-from must be an e-mail address when smtp-url is set");
        }
    }

    /** No mail. */
    public static MailSettings none() {
        return new MailSettings(null, 0, false, null, null, null);
    }

    /** Whether an SMTP server is set. */
    public boolean configured() {
        return host != null;
    }

    /** A loopback relay may be reached without TLS. */
    public boolean loopback() {
        return host != null && (host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]"));
    }

    /** Parses {@code smtp-url}; null or blank gives {@link #none()}. */
    public static MailSettings parse(String smtpUrl, String from) {
        if (smtpUrl == null || smtpUrl.isBlank()) return none();
        URI uri;
        try {
            uri = new URI(smtpUrl.strip());
        } catch (URISyntaxException e) {
            throw new InvalidSettingsException("smtp-url must read smtp://[user:password@]host[:port] or smtps://…");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("smtp") && !scheme.equals("smtps")) {
            throw new InvalidSettingsException("smtp-url must start with smtp:// or smtps://");
        }
        if (uri.getHost() == null) throw new InvalidSettingsException("smtp-url names no host");
        boolean tls = scheme.equals("smtps");
        int port = uri.getPort() > 0 ? uri.getPort() : tls ? 465 : 587;
        String user = null;
        String password = null;
        String info = uri.getRawUserInfo();
        if (info != null) {
            int colon = info.indexOf(':');
            user = URLDecoder.decode(colon < 0 ? info : info.substring(0, colon), StandardCharsets.UTF_8);
            password = colon < 0 ? null : URLDecoder.decode(info.substring(colon + 1), StandardCharsets.UTF_8);
        }
        return new MailSettings(uri.getHost(), port, tls, user, password, from);
    }

    @Override
    public String toString() {
        // Spelled out so that the SMTP password can never reach a log.
        return configured() ? "MailSettings[" + (implicitTls ? "smtps" : "smtp") + "://" + host + ":" + port
                + (username == null ? "" : ", user set, password " + (password == null ? "unset" : "[redacted]")) + ", from=" + from + "]"
                : "MailSettings[none]";
    }
}
