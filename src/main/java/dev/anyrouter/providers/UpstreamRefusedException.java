package dev.anyrouter.providers;

/** An upstream address the gateway will not send a credential to; the message is client-safe. */
public class UpstreamRefusedException extends RuntimeException {
    public UpstreamRefusedException(String message) {
        super(message, null, false, false);
    }
}
