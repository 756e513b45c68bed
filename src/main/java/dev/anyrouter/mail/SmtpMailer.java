package dev.anyrouter.mail;

import dev.anyrouter.config.MailSettings;
import io.vertx.core.Vertx;
import io.vertx.ext.mail.LoginOption;
import io.vertx.ext.mail.MailClient;
import io.vertx.ext.mail.MailConfig;
import io.vertx.ext.mail.MailMessage;
import io.vertx.ext.mail.StartTLSOptions;
import java.util.Objects;
import java.util.concurrent.TimeUnit;

/**
 * Mail over SMTP through Vert.x' mail client: STARTTLS required (except to a loopback relay) or TLS
 * from the first byte for {@code smtps://}, login only when a user is set.
 */
public final class SmtpMailer implements Mailer {
    private static final long SEND_TIMEOUT_SECONDS = 30;

    private final MailClient client;
    private final String from;

    public SmtpMailer(Vertx vertx, MailSettings settings) {
        Objects.requireNonNull(vertx);
        if (!settings.configured()) throw new IllegalArgumentException("no SMTP server is set");
        MailConfig config = new MailConfig()
                .setHostname(settings.host())
                .setPort(settings.port())
                .setSsl(settings.implicitTls())
                .setStarttls(settings.implicitTls() ? StartTLSOptions.DISABLED
                        : settings.loopback() ? StartTLSOptions.OPTIONAL : StartTLSOptions.REQUIRED)
                .setLogin(settings.username() == null ? LoginOption.DISABLED : LoginOption.REQUIRED)
                .setConnectTimeout(10_000);
        if (settings.username() != null) config.setUsername(settings.username()).setPassword(settings.password());
        this.client = MailClient.create(vertx, config);
        this.from = settings.from();
    }

    @Override
    public void send(String to, String subject, String text) {
        MailMessage message = new MailMessage().setFrom(from).setTo(to).setSubject(subject).setText(text);
        try {
            client.sendMail(message).await(SEND_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        } catch (Exception e) {
            // The class only: a server's reply can echo what it was sent.
            throw new MailException("the mail server did not accept the mail (" + e.getClass().getSimpleName() + ")");
        }
    }

    @Override
    public void close() {
        client.close();
    }
}
