package dev.anyrouter.mock;

import java.util.Locale;

/** How a scripted answer goes wrong, if it does. */
enum Fault {
    /** The answer ends as the provider's would. */
    NONE,
    /** A few events are sent, then the connection is cut without the stream's terminator. */
    DROP_MID_STREAM,
    /**
     * A few events are sent, then the wire's own mid-stream error (Bedrock's exception frame) and
     * the end of the response; a wire without one cuts the connection as {@link #DROP_MID_STREAM}.
     */
    ERROR_MID_STREAM,
    /** Every event is sent and the response ends cleanly, but the terminator is left out. */
    NO_DONE,
    /**
     * The request is read and then nothing is ever sent, not even headers, until the client gives
     * up and closes the connection: what a first-byte timeout must catch.
     */
    HANG,
    /**
     * The headers and the first piece of a normal answer are sent (a stream's first event, the
     * first half of a JSON body), then nothing more until the client closes the connection: what
     * an idle timeout must catch after the point where a gateway can no longer fail over.
     */
    HANG_AFTER_FIRST_CHUNK;

    /** Parses the admin API's spelling ({@code drop_mid_stream}, {@code hang}…). */
    static Fault parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "drop_mid_stream" -> DROP_MID_STREAM;
            case "error_mid_stream" -> ERROR_MID_STREAM;
            case "no_done" -> NO_DONE;
            case "hang" -> HANG;
            case "hang_after_first_chunk" -> HANG_AFTER_FIRST_CHUNK;
            default -> throw new IllegalArgumentException(
                    "unknown fault '" + name + "' (drop_mid_stream, error_mid_stream, no_done, hang, hang_after_first_chunk)");
        };
    }
}
