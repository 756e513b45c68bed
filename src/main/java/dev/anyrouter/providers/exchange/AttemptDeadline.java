package dev.anyrouter.providers.exchange;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientResponse;
import java.time.Duration;
import java.util.concurrent.TimeoutException;

/**
 * The first-byte deadline of one attempt: it ends the attempt as not served if no answer (for a
 * stream: no content) came in time, and resets an answer that arrives after the attempt was given
 * up. It runs in the {@link FirstByteDeadlines} of the event loop the attempt is made on.
 */
final class AttemptDeadline extends FirstByteDeadlines.Entry {
    private final Vertx vertx;
    private final Promise<Outcome> result;
    private final Duration timeout;
    /** A timer of its own, only when made off an event loop (every request path runs on one). */
    private final long timer;
    private HttpClientResponse response;

    /** @param loop the deadlines of the event loop this runs on, or null off an event loop */
    AttemptDeadline(Vertx vertx, FirstByteDeadlines loop, Duration timeout, Promise<Outcome> result) {
        this.vertx = vertx;
        this.result = result;
        this.timeout = timeout;
        if (loop != null) {
            loop.add(this);
            this.timer = -1;
        } else {
            this.timer = vertx.setTimer(timeout.toMillis(), id -> expired());
        }
    }

    @Override
    protected void expired() {
        TimeoutException late = new TimeoutException("no first content within " + timeout.toMillis() + " ms");
        if (result.tryComplete(new Outcome.NotServed(new Outcome.NoAnswer(late))) && response != null) {
            response.request().reset();
        }
    }

    /** False (and the late answer reset) when the attempt already timed out. */
    boolean watch(HttpClientResponse answer) {
        if (result.future().isComplete()) {
            answer.request().reset();
            return false;
        }
        this.response = answer;
        return true;
    }

    /** The answer came (or the attempt ended): the deadline no longer applies. */
    void disarm() {
        if (timer >= 0) vertx.cancelTimer(timer);
        else cancel();
    }
}
