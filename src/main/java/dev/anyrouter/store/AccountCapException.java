package dev.anyrouter.store;

/** An account already has as many of something as the server allows; nothing was added. The message says what to do. */
public final class AccountCapException extends RuntimeException {
    private final AccountCap cap;

    public AccountCapException(AccountCap cap) {
        super("this account already has " + cap.max() + " " + cap.what() + ", the most this server allows: remove one first"
                + " (the operator sets the limit with " + cap.setting() + ")", null, false, false);
        this.cap = cap;
    }

    public AccountCap cap() {
        return cap;
    }
}
