package dev.anyrouter.byok;

/**
 * The text an account acknowledges before any of its keys may serve other users, and its version:
 * a new wording is a new version, and a key switched to ready or on records the version it was
 * switched under.
 */
public final class PoolConsent {
    /** The wording's version; the credit rate in it makes the rest of the version (see {@link #version}). */
    public static final String WORDING = "2026-12-08.1";

    /** The current text. */
    public static final String TEXT = "I allow AnyRouter to send other users' requests, paid with their AnyRouter credits, to the"
            + " provider keys I switch to donating (or to ready, from the day their provider becomes eligible). My provider bills me"
            + " for those requests as for my own. AnyRouter credits me " + "%s" + " of each such request's cost at list price."
            + " My own requests come first: a key that is rate-limited stops serving the pool before it stops serving me, and I may"
            + " cap its pool use per day. I may switch a key off at any time; requests already running on it finish. I see how many"
            + " pool requests each key served, their tokens and my credits, never who sent them or what they said.";

    private PoolConsent() {}

    /** The text with the operator's credit rate in it. */
    public static String text(java.math.BigDecimal rate) {
        return TEXT.formatted(percent(rate));
    }

    /** The version of the text at this rate: another rate is another text, so another version. */
    public static String version(java.math.BigDecimal rate) {
        return WORDING + "+" + rate.stripTrailingZeros().toPlainString();
    }

    /** The rate as people read it: 0.05 is "5 %". */
    public static String percent(java.math.BigDecimal rate) {
        return rate.movePointRight(2).stripTrailingZeros().toPlainString() + " %";
    }
}
