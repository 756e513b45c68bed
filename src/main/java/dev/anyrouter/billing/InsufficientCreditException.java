package dev.anyrouter.billing;

/** A debit would have taken a balance below zero; nothing was written. */
public final class InsufficientCreditException extends RuntimeException {
    public InsufficientCreditException() {
        super("the balance does not cover this debit", null, false, false);
    }
}
