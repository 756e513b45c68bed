package dev.anyrouter.inference;

/**
 * The two ledger writes that end a credits request, as {@link Settle} makes them: each is queued
 * off the event loop and never blocks the caller. A repeat for the same request is a no-op in the
 * ledger, but {@link Settle} makes exactly one of them per request.
 */
interface CreditLedger {
    /** Turns the request's hold into a charge of {@code costMicros}. */
    void settle(String accountId, String requestId, long costMicros, String memo);

    /** Gives the request's hold back: it was not served. */
    void release(String accountId, String requestId);
}
