package dev.anyrouter.routing;

import java.time.Duration;

/**
 * Why one attempt on one key did not serve a request, in the terms routing acts on. A failure
 * that is the request's own fault (bad parameters, context too long) is not one of these: it is
 * passed back to the client as it is and says nothing about the key.
 */
public sealed interface KeyFailure {
    /** Short text for the attempt trace: the status, or what went wrong without one. */
    String summary();

    /** A failure the upstream answered with an HTTP status, which is its summary. */
    sealed interface Answered extends KeyFailure {
        int status();

        @Override
        default String summary() {
            return Integer.toString(status());
        }
    }

    /** The provider refused the key itself: 401, 403, or the provider's own invalid-key answer. */
    record InvalidKey(int status, String code) implements Answered {}

    /** The key's account at the provider has no money or quota left (402, {@code insufficient_quota}). */
    record OutOfCredit(int status, String code) implements Answered {}

    /** 429. {@code retryAfter} is what the upstream asked for, or null when it did not say. */
    record RateLimited(int status, Duration retryAfter) implements Answered {}

    /**
     * Nothing says the key or the request is at fault: a 5xx, a connection that failed, a timeout
     * before the first content, a stream that broke before it produced anything.
     *
     * @param status the HTTP status, or 0 when there was no HTTP answer
     * @param what what happened, for the trace ({@code timeout}, {@code connect error}, {@code 503})
     */
    record Transient(int status, String what) implements KeyFailure {
        @Override
        public String summary() {
            return what;
        }
    }
}
