package dev.anyrouter.routing;

import dev.anyrouter.usage.AttemptTrace;
import java.util.ArrayList;
import java.util.List;

/**
 * The attempts of one request so far, and the two counts its budget is kept by: rotations (moving
 * on because of a key's own state: invalid, out of credit, rate-limited) and retries (moving on
 * after a transient failure). Used from the request's event loop only.
 */
public final class AttemptLog {
    private final String requestId;
    private final long tokens;
    private final List<AttemptTrace> entries = new ArrayList<>();
    private int attempts;
    private int rotations;
    private int retries;

    /** The log of a request with no id (tests). */
    public AttemptLog() {
        this("-");
    }

    /** @param requestId the request's id, which log lines about its attempts name */
    public AttemptLog(String requestId) {
        this(requestId, 0);
    }

    /**
     * @param requestId the request's id, which log lines about its attempts name
     * @param tokens the request's estimated tokens, which a key's rate limits are weighed against
     */
    public AttemptLog(String requestId, long tokens) {
        this.requestId = requestId;
        this.tokens = Math.max(0, tokens);
    }

    /** The request's estimated tokens. */
    public long tokens() {
        return tokens;
    }

    /** The request's id, for log lines. */
    public String requestId() {
        return requestId;
    }

    void attempted(Attempt attempt, String outcome, long millis, KeyFailure failure) {
        attempted(attempt, outcome, millis, failure, null);
    }

    /** @param why what was known of the key's rate limits, for the trace; null when nothing */
    void attempted(Attempt attempt, String outcome, long millis, KeyFailure failure, String why) {
        entries.add(new AttemptTrace(attempt.shownAlias(), attempt.model().provider().id(), outcome, millis,
                attempt.model().canonicalId(), why));
        attempts++;
        if (failure instanceof KeyFailure.Transient) retries++;
        else if (failure != null) rotations++;
    }

    void skipped(Attempt attempt, KeyHealth.Status status) {
        skipped(attempt, status.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), null);
    }

    /** A key passed by without a call: {@code skipped: <what>}, and {@code why} when known (its limits left). */
    void skipped(Attempt attempt, String what, String why) {
        entries.add(new AttemptTrace(attempt.shownAlias(), attempt.model().provider().id(), "skipped: " + what, 0,
                attempt.model().canonicalId(), why));
    }

    /** Upstream calls made. */
    public int attempts() {
        return attempts;
    }

    public int rotations() {
        return rotations;
    }

    public int retries() {
        return retries;
    }

    public List<AttemptTrace> entries() {
        return List.copyOf(entries);
    }
}
