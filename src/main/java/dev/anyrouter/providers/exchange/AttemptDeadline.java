package dev.anyrouter.providers.exchange;

import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The first-byte deadline of one attempt: it gives the attempt up if no answer (for a stream: no
 * content) came in time, and resets the attempt's upstream request, whether it had answered yet or
 * not, so a hung upstream's connection is freed at the deadline rather than at the idle timeout; a
 * request made or answered after the attempt was given up is reset at once. It runs in the
 * {@link FirstByteDeadlines} of the event loop the attempt is made on.
 *
 * <p>As a {@link Consumer} it takes the attempt's request as it is sent ({@code UpstreamClient.send}).
 *
 * @param <T> what the attempt completes with
 */
final class AttemptDeadline<T> extends FirstByteDeadlines.Entry implements Consumer<HttpClientRequest> {
    private final Vertx vertx;
    private final Promise<T> result;
    /** What the attempt ends with at the deadline; null: it fails with the timeout. */
    private final Function<TimeoutException, T> late;
    private final Duration timeout;
    /** A timer of its own, only when made off an event loop (every request path runs on one). */
    private final long timer;
    private HttpClientRequest request;

    /**
     * @param loop the deadlines of the event loop this runs on, or null off an event loop
     * @param late what {@code result} is completed with at the deadline; null to fail it with the timeout
     */
    AttemptDeadline(Vertx vertx, FirstByteDeadlines loop, Duration timeout, Promise<T> result, Function<TimeoutException, T> late) {
        this.vertx = vertx;
        this.result = result;
        this.late = late;
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
        TimeoutException timedOut = new TimeoutException("no answer within " + timeout.toMillis() + " ms");
        boolean gaveUp = late == null ? result.tryFail(timedOut) : result.tryComplete(late.apply(timedOut));
        if (gaveUp && request != null) request.reset();
    }

    /** The attempt's request, as it is sent (again, for a renewed token): reset at once when the attempt already ended. */
    @Override
    public void accept(HttpClientRequest sent) {
        if (result.future().isComplete()) {
            sent.reset();
            return;
        }
        this.request = sent;
    }

    /** False (and the late answer reset) when the attempt already timed out. */
    boolean watch(HttpClientResponse answer) {
        if (result.future().isComplete()) {
            answer.request().reset();
            return false;
        }
        this.request = answer.request();
        return true;
    }

    /** Ends the attempt now with {@code why} (the node is stopping), resetting its request if one was sent. */
    void giveUp(Throwable why) {
        disarm();
        if (result.tryFail(why) && request != null) request.reset();
    }

    /** The answer came (or the attempt ended): the deadline no longer applies. */
    void disarm() {
        if (timer >= 0) vertx.cancelTimer(timer);
        else cancel();
    }
}
