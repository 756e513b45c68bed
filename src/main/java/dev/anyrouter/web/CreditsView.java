package dev.anyrouter.web;

import java.util.List;

/** The /credits page: the balance (the sum of the ledger's entries) and the newest entries. */
record CreditsView(Chrome chrome, String balance, boolean negative, List<Entry> entries, int shownLimit) {
    /** One ledger entry. */
    record Entry(String when, String kind, String amount, boolean credit, String memo, String requestId) {}
}
