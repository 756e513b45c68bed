package dev.anyrouter.inference;

import dev.anyrouter.billing.PoolCredits;
import dev.anyrouter.usage.UsageRecord;

/**
 * The two ledger writes that end a credits request, as {@link Settle} makes them: each is queued
 * off the event loop and never blocks the caller. A repeat for the same request is a no-op in the
 * ledger, but {@link Settle} makes exactly one of them per request.
 */
interface CreditLedger {
    /**
     * Turns the request's hold into a charge of {@code costMicros} and writes its usage record in
     * the same transaction, then passes the record on to the usage log (which writes it only once),
     * so a crash leaves neither a debit without its record nor a served record with an open hold.
     */
    void settle(String accountId, String requestId, long costMicros, String memo, UsageRecord record);

    /**
     * As {@link #settle(String, String, long, String, UsageRecord)}, and credits the donor of the
     * pool key that served the request {@code back} in the same transaction, only when this settle
     * charged it (so once per request, whatever is retried); {@code back} null: no credit-back.
     */
    void settle(String accountId, String requestId, long costMicros, String memo, UsageRecord record, PoolCredits.CreditBack back);

    /** Gives the request's hold back: it was not served. */
    void release(String accountId, String requestId);
}
