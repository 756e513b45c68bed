package dev.anyrouter.accounts;

/** Signup with an e-mail that already has an account. The message does not repeat the address. */
public final class DuplicateEmailException extends RuntimeException {
    /** The standard failure. */
    public DuplicateEmailException() {
        super("an account with this email already exists");
    }
}
