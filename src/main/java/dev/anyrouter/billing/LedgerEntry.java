package dev.anyrouter.billing;

import java.time.Instant;
import java.util.Objects;

/**
 * One movement of credits, in micro-dollars (1 USD = 1,000,000), between an account and a counter
 * book: positive for a {@code grant} or {@code topup} (from {@code system:grants}), negative (or
 * zero) for a {@code debit} (to {@code system:revenue}). {@code requestId} names the request that
 * made the entry: the API request that paid for, or the operator's grant.
 */
public record LedgerEntry(String id, String accountId, long amountMicros, String kind, String requestId, String memo, Instant at,
                          String counterAccount) {
    public LedgerEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(memo, "memo");
        Objects.requireNonNull(at, "at");
        Objects.requireNonNull(counterAccount, "counterAccount");
    }
}
