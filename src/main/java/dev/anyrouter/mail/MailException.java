package dev.anyrouter.mail;

/** A mail was not accepted by the mail server. The message never carries the server's credentials. */
public final class MailException extends RuntimeException {
    public MailException(String message) {
        super(message, null, false, false);
    }
}
