package dev.anyrouter.inference;

import dev.anyrouter.billing.Ledger;
import dev.anyrouter.store.Blocking;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link CreditLedger} on the real ledger: each write on a virtual thread, tried three times;
 * a write that still fails leaves the hold for start-up to release (a crash leaves it so too).
 */
final class LedgerWrites implements CreditLedger {
    private static final Logger LOG = LoggerFactory.getLogger(LedgerWrites.class);
    private static final int WRITE_TRIES = 3;

    private final Ledger ledger;
    private final Blocking blocking;

    LedgerWrites(Ledger ledger, Blocking blocking) {
        this.ledger = ledger;
        this.blocking = blocking;
    }

    @Override
    public void settle(String accountId, String requestId, long costMicros, String memo) {
        write(requestId, "settle", () -> ledger.settle(accountId, requestId, costMicros, memo));
    }

    @Override
    public void release(String accountId, String requestId) {
        write(requestId, "release", () -> ledger.release(accountId, requestId));
    }

    private void write(String requestId, String what, Runnable work) {
        blocking.run(() -> {
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
        });
    }
}
