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
    private final List<AttemptTrace> entries = new ArrayList<>();
    private int attempts;
    private int rotations;
    private int retries;

    void attempted(Attempt attempt, String outcome, long millis, UpstreamFailure failure) {
        entries.add(new AttemptTrace(attempt.shownAlias(), attempt.model().provider().id(), outcome, millis,
                attempt.model().canonicalId()));
        attempts++;
        if (failure instanceof UpstreamFailure.Transient) retries++;
        else if (failure != null) rotations++;
    }

    void skipped(Attempt attempt, KeyHealth.Status status) {
        entries.add(new AttemptTrace(attempt.shownAlias(), attempt.model().provider().id(),
                "skipped: " + status.state().name().toLowerCase(java.util.Locale.ROOT).replace('_', ' '), 0,
                attempt.model().canonicalId()));
    }

    /** Rewrites the last attempt's outcome: a stream that was served and then broke. */
    public void amendLast(String outcome) {
        if (entries.isEmpty()) return;
        AttemptTrace last = entries.removeLast();
        entries.add(new AttemptTrace(last.key(), last.provider(), outcome, last.millis(), last.model()));
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
