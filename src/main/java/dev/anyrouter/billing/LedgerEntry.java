package dev.anyrouter.billing;

import java.time.Instant;
import java.util.Objects;

/**
 * One movement of credits, in micro-dollars (1 USD = 1,000,000): positive for a {@code grant} or
 * {@code topup}, negative (or zero) for a {@code debit}. {@code requestId} ties a debit to the request
 * it paid for and is null otherwise.
 */
public record LedgerEntry(String id, String accountId, long amountMicros, String kind, String requestId, String memo, Instant at) {
    public LedgerEntry {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(accountId, "accountId");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(memo, "memo");
        Objects.requireNonNull(at, "at");
    }
}
