package dev.anyrouter.accounts;

/** Every password-hash permit is taken and the wait for one ran out: the client should retry shortly. */
public final class HashingBusyException extends RuntimeException {
    HashingBusyException() {
        super("too many sign-ins at once: try again in a second", null, false, false);
    }
}
