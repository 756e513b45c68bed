package dev.anyrouter.accounts;

/** A new password the {@link PasswordPolicy} refuses; the message says what to choose instead. */
public final class WeakPasswordException extends IllegalArgumentException {
    WeakPasswordException(String advice) {
        super(advice);
    }
}
