package dev.anyrouter.inference;

import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.providers.exchange.CostNote;
import dev.anyrouter.providers.exchange.Outcome;
import dev.anyrouter.routing.Attempt;
import dev.anyrouter.usage.AttemptTrace;
import java.util.List;

/**
 * How one request ended, all that {@link Settle} needs: the request, what became of it, the
 * attempts made, and the credit held for it (if any), which must now be settled or released.
 *
 * @param last the attempt that served, or the last one made, or null when none was
 * @param hold the credit held for the request, or null
 */
record Ended(InferenceRequest request, Ending ending, Attempt last, List<AttemptTrace> attempts, Hold hold) {
    /** What became of the request. */
    sealed interface Ending {
        /** The status and error code the usage log records. */
        int status();

        String errorCode();
    }

    /**
     * An attempt answered the client; {@code costs} priced its usage for the answer, and so for the bill.
     */
    record Served(Outcome.Served outcome, CostNote costs) implements Ending {
        @Override
        public int status() {
            return outcome.status();
        }

        @Override
        public String errorCode() {
            return outcome.errorCode();
        }
    }

    /** Nothing was served: what the client is told, whose status and code the usage log records. */
    sealed interface Unserved extends Ending {
        ApiError error();

        @Override
        default int status() {
            return error().status();
        }

        @Override
        default String errorCode() {
            return error().code();
        }
    }

    /** The upstream refused the request itself (bad parameters, context too long): the client is told its answer, cleaned. */
    record Refused(ApiError error) implements Unserved {}

    /**
     * No key could serve, or the request could not be: the client is told {@code error}, with
     * {@code retryAfterSeconds} when waiting helps (or null).
     */
    record Failed(ApiError error, Long retryAfterSeconds) implements Unserved {}

    /** Credit held for a credits call: {@code amountMicros} until the request is settled or released. */
    record Hold(long amountMicros) {}
}
