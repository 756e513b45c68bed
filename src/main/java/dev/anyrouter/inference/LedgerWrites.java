package dev.anyrouter.inference;

import dev.anyrouter.billing.Ledger;
import dev.anyrouter.billing.PoolCredits;
import dev.anyrouter.store.Blocking;
import dev.anyrouter.usage.UsageRecord;
import dev.anyrouter.usage.UsageStore;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CreditLedger} on the real ledger: each write on a virtual thread, tried three times;
 * a write that still fails leaves the hold for start-up to release (a crash leaves it so too). A
 * settle writes the request's usage record in its own transaction and only then hands it to the
 * usage log (whose insert skips it, and which marks the keys used), so the log can never hold a
 * served record whose hold a restart would release unbilled.
 */
final class LedgerWrites implements CreditLedger {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerWrites.class);
    private static final int WRITE_TRIES = 3;

    private final Ledger ledger;
    private final Blocking blocking;
    private final Consumer<UsageRecord> usageLog;
    private final PoolCredits poolCredits;
    private final Consumer<PoolCredits.CreditBack> credited;

    LedgerWrites(Ledger ledger, Blocking blocking, Consumer<UsageRecord> usageLog) {
        this(ledger, blocking, usageLog, null, back -> {});
    }

    /**
     * @param poolCredits where a donor's credit-back is written (null: no donation pool)
     * @param credited told of each credit-back once it is written (the pool's daily counts)
     */
    LedgerWrites(Ledger ledger, Blocking blocking, Consumer<UsageRecord> usageLog, PoolCredits poolCredits,
                 Consumer<PoolCredits.CreditBack> credited) {
        this.ledger = ledger;
        this.blocking = blocking;
        this.usageLog = usageLog;
        this.poolCredits = poolCredits;
        this.credited = credited;
    }

    @Override
    public void settle(String accountId, String requestId, long costMicros, String memo, UsageRecord record) {
        settle(accountId, requestId, costMicros, memo, record, null);
    }

    @Override
    public void settle(String accountId, String requestId, long costMicros, String memo, UsageRecord record,
                       PoolCredits.CreditBack back) {
        if (back != null && poolCredits == null) throw new IllegalStateException("a credit-back without a donation pool");
        boolean[] written = {false};
        write(requestId, "settle", () -> ledger.settle(accountId, requestId, costMicros, memo,
                c -> {
                    written[0] = false; // a try that rolled back wrote nothing
                    UsageStore.insertInTx(c, record);
                    return null;
                }, c -> {
                    if (back != null) written[0] = poolCredits.writeInTx(c, requestId, back);
                    return null;
                }), () -> {
                    usageLog.accept(record);
                    if (written[0]) credited.accept(back);
                });
    }

    @Override
    public void release(String accountId, String requestId) {
        write(requestId, "release", () -> ledger.release(accountId, requestId), () -> {});
    }

    /** Runs {@code work} (up to three tries), then {@code after} whether it succeeded or not. */
    private void write(String requestId, String what, Runnable work, Runnable after) {
        blocking.run(() -> {
            try {
                for (int attempt = 1; ; attempt++) {
                    try {
                        work.run();
                        return null;
                    } catch (RuntimeException e) {
                        if (attempt >= WRITE_TRIES) {
                            LOG.error("request {}: ledger {} failed {} times ({}); the hold stays until start-up releases it",
                                    requestId, what, attempt, e.getClass().getSimpleName());
                            return null;
                        }
                    }
                }
            } finally {
                after.run();
            }
        });
    }
}
