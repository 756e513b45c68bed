package dev.anyrouter.web;

import java.util.List;

/**
 * The /credits page: the balance (the sum of the ledger's entries) and one page of entries, newest
 * first.
 *
 * @param older whether this page is not the newest (it was reached through {@code ?before=})
 * @param nextBefore the cursor of the next, older page; null on the oldest
 * @param grantNote why the opening credit was not given, or that it waits for the e-mail; null when given
 * @param canResend whether the page offers to mail the verification link again
 * @param sent what the last "Send the link again" did, or null
 */
record CreditsView(Chrome chrome, String balance, boolean negative, List<Entry> entries, boolean older, String nextBefore,
                   String grantNote, boolean canResend, String sent) {
    /** What a resend did, carried over its redirect. */
    record Sent(String text) {}

    /** One ledger entry. */
    record Entry(String when, String kind, String amount, boolean credit, String memo, String requestId) {}
}
