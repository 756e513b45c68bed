package dev.anyrouter.mock;

import java.util.Locale;

/** How a scripted answer goes wrong, if it does. */
enum Fault {
    /** The answer ends as the provider's would. */
    NONE,
    /** A few events are sent, then the connection is cut without the stream's terminator. */
    DROP_MID_STREAM,
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
    HANG_AFTER_FIRST_CHUNK,
    /**
     * About half the events, then the wire's own error event (its message quoting the key the
     * request was made with, as careless upstreams do), then the end of the body.
     */
    ERROR_MID_STREAM,
    /** About half the events, then nothing more, the connection held open until the client closes it. */
    STALL_MID_STREAM,
    /** A 200 with the answer's headers at once, then nothing, not even the first byte of the body. */
    STALL_AFTER_HEADERS,
    /**
     * A 200 whose body is one byte every 100 ms of an answer that never becomes content (spaces
     * inside a JSON object, or an SSE comment line), until the client closes: bytes keep coming, so
     * no idle timeout fires, yet nothing is ever said.
     */
    DRIP,
    /** A 200 whose body is not JSON (a JSON answer, or every event's data in a stream). */
    MALFORMED_JSON,
    /** A 200 event stream whose first line never ends: {@code data: xxxx…} until the client closes. */
    ENDLESS_SSE_LINE,
    /** A 200 event stream of keep-alive comments ({@code : ping}), as fast as the client reads, and never any content. */
    PING_FLOOD,
    /** A 200 JSON body of a gigabyte, sent as fast as the client reads it. */
    HUGE_BODY,
    /** A 200 whose body is an HTML page, as a captive portal or a misconfigured proxy answers. */
    HTML_PAGE;

    /** Whether the fault replaces the wire's answer whole, whatever the wire (see {@link WireFaults}). */
    boolean replacesAnswer() {
        return switch (this) {
            case STALL_AFTER_HEADERS, DRIP, MALFORMED_JSON, ENDLESS_SSE_LINE, PING_FLOOD, HUGE_BODY, HTML_PAGE -> true;
            default -> false;
        };
    }

    /** Parses the admin API's spelling ({@code drop_mid_stream}, {@code hang}…). */
    static Fault parse(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "none" -> NONE;
            case "drop_mid_stream" -> DROP_MID_STREAM;
            case "no_done" -> NO_DONE;
            case "hang" -> HANG;
            case "hang_after_first_chunk" -> HANG_AFTER_FIRST_CHUNK;
            case "error_mid_stream" -> ERROR_MID_STREAM;
            case "stall_mid_stream" -> STALL_MID_STREAM;
            case "stall_after_headers" -> STALL_AFTER_HEADERS;
            case "drip" -> DRIP;
            case "malformed_json" -> MALFORMED_JSON;
            case "endless_sse_line" -> ENDLESS_SSE_LINE;
            case "ping_flood" -> PING_FLOOD;
            case "huge_body" -> HUGE_BODY;
            case "html_page" -> HTML_PAGE;
            default -> throw new IllegalArgumentException("unknown fault '" + name + "' (drop_mid_stream, no_done, hang,"
                    + " hang_after_first_chunk, error_mid_stream, stall_mid_stream, stall_after_headers, drip, malformed_json, endless_sse_line, ping_flood, huge_body, html_page)");
        };
    }
}
