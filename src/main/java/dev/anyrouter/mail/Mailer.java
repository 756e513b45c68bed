package dev.anyrouter.mail;

/**
 * The gateway's one way to send mail: the hook the e-mail verification goes through. {@link SmtpMailer}
 * sends over SMTP ({@code --smtp-url}); {@link #none()} is for a gateway that sends none. Calls block
 * (run them on a virtual thread) and throw {@link MailException} when the mail was not accepted.
 */
public interface Mailer extends AutoCloseable {
    /** Sends a plain-text mail to one recipient. */
    void send(String to, String subject, String text);

    @Override
    default void close() {}

    /** Sends nothing: every call fails, since a caller that sends mail needs it to arrive. */
    static Mailer none() {
        return (to, subject, text) -> {
            throw new MailException("this gateway has no mail server configured (smtp-url)");
        };
    }
}
