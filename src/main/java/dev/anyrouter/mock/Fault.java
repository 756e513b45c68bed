package dev.anyrouter.mock;

import java.util.Locale;

/** How a scripted stream goes wrong, if it does. */
enum Fault {
    /** The stream ends as the provider's would. */
    NONE,
    /** A few events are sent, then the connection is cut without the stream's terminator. */
    DROP_MID_STREAM,
    /** Every event is sent and the response ends cleanly, but the terminator is left out. */
    NO_DONE;

    /** Parses the admin API's spelling ({@code drop_mid_stream}, {@code no_done}). */
    static Fault parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "drop_mid_stream" -> DROP_MID_STREAM;
            case "no_done" -> NO_DONE;
            default -> throw new IllegalArgumentException("unknown fault '" + name + "' (drop_mid_stream, no_done)");
        };
    }
}
