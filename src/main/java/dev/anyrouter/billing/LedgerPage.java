package dev.anyrouter.billing;

import java.util.List;
import java.util.Objects;

/**
 * One page of an account's ledger, newest first.
 *
 * @param entries at most the page's limit
 * @param nextBefore the cursor of the next (older) page: the id of this page's last entry, or null
 *     when no older entry exists
 */
public record LedgerPage(List<LedgerEntry> entries, String nextBefore) {
    public LedgerPage {
        entries = List.copyOf(Objects.requireNonNull(entries, "entries"));
    }

    /** Whether older entries exist than this page's last. */
    public boolean hasMore() {
        return nextBefore != null;
    }
}
