package dev.anyrouter.mock;

import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** Ends a normal, non-streamed answer, unless the script says it stalls part-way. */
final class JsonReply {

    private JsonReply() {}

    /**
     * Sends {@code body} with the headers already set; under {@link Fault#HANG_AFTER_FIRST_CHUNK}
     * sends only its first half, chunked, and never ends the response (the client's close does).
     */
    static void send(HttpServerResponse response, Script script, Buffer body) {
        if (script.fault() == Fault.HANG_AFTER_FIRST_CHUNK) {
            response.setChunked(true).write(body.slice(0, body.length() / 2));
        } else {
            response.end(body);
        }
    }
}
