package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.Usage;
import dev.anyrouter.providers.RateLimits;
import java.util.function.Function;

/**
 * How one attempt on one key ended, as the exchange saw it: facts, not verdicts. Whether a
 * failure is the key's fault, and what it does to the key's health, is routing's call
 * ({@code routing.Failover}); what the request costs is inference's. The exchange never decides
 * either.
 */
public sealed interface Outcome {
    /** Nothing reached the client, so another key may still serve the request. */
    record NotServed(Cause cause) implements Outcome {}

    /**
     * The client has its answer, whole or as far as it went.
     *
     * @param status what the client was answered with (200 for a relayed stream; 499 when the client
     *     went away; 502 for a stream the upstream broke after content, or an answer that was not JSON;
     *     503 for a stream the node stopped while draining)
     * @param errorCode the usage log's code for a status other than 2xx, else null
     * @param usage what the upstream said was used ({@link Usage#NONE} when it said nothing)
     * @param relayedBytes the answer's bytes the client was sent
     * @param generatedChars characters of generated text the client was sent (content, reasoning, tool
     *     arguments): what an estimate of the output starts from when the upstream stated none
     * @param usageFinal whether {@code usage} is the upstream's final statement; else it is
     *     {@link Usage#NONE} or what the upstream said before the end (an Anthropic stream's prompt side)
     * @param rateLimits what the answer's headers said of the key's rate limits ({@link RateLimits#NONE}
     *     when its provider sends none the gateway reads)
     */
    record Served(Ending ending, int status, String errorCode, Usage usage, long relayedBytes, Timings timings,
                  long generatedChars, boolean usageFinal, RateLimits rateLimits) implements Outcome {
        /** An answer whose headers told nothing of the key's limits. */
        public Served(Ending ending, int status, String errorCode, Usage usage, long relayedBytes, Timings timings,
                      long generatedChars, boolean usageFinal) {
            this(ending, status, errorCode, usage, relayedBytes, timings, generatedChars, usageFinal, RateLimits.NONE);
        }

        /** This answer, with what its headers said of the key's limits. */
        public Served withRateLimits(RateLimits said) {
            return new Served(ending, status, errorCode, usage, relayedBytes, timings, generatedChars, usageFinal, said);
        }

        /** An answer whose usage is final when stated at all, its generated text not counted. */
        public Served(Ending ending, int status, String errorCode, Usage usage, long relayedBytes, Timings timings) {
            this(ending, status, errorCode, usage, relayedBytes, timings, 0, usage != Usage.NONE);
        }

        /** Whether the upstream stated the whole usage itself (else the gateway estimates it). */
        public boolean usageStated() {
            return usageFinal;
        }
    }

    /** How a served answer ended. */
    enum Ending {
        /** The answer ended as its wire ends one (its status may still be an error the gateway wrote). */
        ANSWERED,
        /** The upstream cut the answer short after the client had seen part of it. */
        BROKEN,
        /** The client went away before the answer ended; the upstream call was reset. */
        CLIENT_GONE,
        /**
         * The node stopped the answer after the client had seen part of it (it was shutting down and
         * the drain deadline passed): the client was sent its wire's error event, the upstream call
         * was reset. Not the key's fault.
         */
        STOPPED
    }

    /** Why nothing reached the client. */
    sealed interface Cause {}

    /**
     * The upstream answered with an error status. The body is read whole (an error's is small) and
     * may echo the credential: it goes no further than the classifier and the cleaned message.
     *
     * @param header the answer's headers by lower-case name (null when absent)
     */
    record ErrorAnswer(int status, Function<String, String> header, byte[] body) implements Cause {}

    /** A stream that ended, or reported an error, before any content. {@code what} says which, for the trace. */
    record NoContent(String what) implements Cause {}

    /** No answer at all: the connection failed, or nothing came within the first-byte timeout. */
    record NoAnswer(Throwable failure) implements Cause {}

    /**
     * When things happened, in {@link System#nanoTime()}.
     *
     * @param firstContentNanos when the first real content reached the client (time to first token), 0 if none did
     */
    record Timings(long sentNanos, long firstContentNanos, long endNanos) {}
}
