package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;

/**
 * A streamed {@code streamGenerateContent} answer: every event is a whole GenerateContentResponse
 * (its usage so far, model version and response id), and the last one carries the
 * {@code finishReason}. Google has no end-of-stream marker, so the finishing event is this
 * stream's terminator: {@link Fault#NO_DONE} leaves it out.
 *
 * <p>With {@code ?alt=sse} each event is {@code data: <one line>} ended by CRLF CRLF, as Google
 * sends them; without it the events are the elements of one JSON array sent piece by piece
 * ({@code [{…}\n,\r\n{…}\n]}).
 */
final class GeminiStream implements SseFrames {

    private final GoogleJson google;
    private final OnDemand<ObjectNode> events;
    private final boolean sse;

    GeminiStream(GoogleJson google, OnDemand<ObjectNode> events, boolean sse) {
        this.google = google;
        this.events = events;
        this.sse = sse;
    }

    @Override
    public int count() {
        return events.count() - 1;
    }

    @Override
    public Buffer frame(int index) {
        ObjectNode event = events.get(index);
        if (sse) {
            return Buffer.buffer("data: " + google.oneLine(event) + "\r\n\r\n");
        }
        return Buffer.buffer(index == 0 ? "[" : ",\r\n").appendBuffer(google.indented(event));
    }

    @Override
    public Buffer terminator() {
        Buffer last = frame(events.count() - 1);
        return sse ? last : last.appendString("]");
    }

    @Override
    public Buffer error(String message) {
        String error = "{\"error\":{\"code\":503,\"message\":" + JsonCodec.quote(message) + ",\"status\":\"UNAVAILABLE\"}}";
        return Buffer.buffer(sse ? "data: " + error + "\r\n\r\n" : "," + error + "]");
    }
}
