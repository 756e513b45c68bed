package dev.anyrouter.cluster;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.anyrouter.protocol.Json;
import java.nio.charset.StandardCharsets;

/**
 * A change as a {@code NOTIFY} payload: the sending node's id, a space, the change as JSON. A
 * payload too long for PostgreSQL's 8,000 bytes is sent as the id and {@code *} alone, which the
 * receivers take as "drop every cache" rather than lose the change.
 */
final class ChangeCodec {
    /** PostgreSQL refuses a payload of 8,000 bytes or more; leave room for the id. */
    static final int MAX_PAYLOAD_BYTES = 7_900;
    static final String TOO_LONG = "*";

    /** A payload read: the change it carries, or why it could not be read; {@code origin} is the sender's id. */
    sealed interface Decoded {
        String origin();

        record Readable(String origin, Change change) implements Decoded {}

        record Unreadable(String origin, String why) implements Decoded {}
    }

    private ChangeCodec() {}

    static String encode(String origin, Change change) {
        String json;
        try {
            json = Json.MAPPER.writeValueAsString(change);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("a change that cannot be written as JSON: " + change.getClass().getSimpleName(), e);
        }
        String payload = origin + " " + json;
        boolean tooLong = payload.length() * 3 > MAX_PAYLOAD_BYTES
                && payload.getBytes(StandardCharsets.UTF_8).length > MAX_PAYLOAD_BYTES;
        return tooLong ? origin + " " + TOO_LONG : payload;
    }

    static Decoded decode(String payload) {
        int space = payload.indexOf(' ');
        if (space <= 0) return new Decoded.Unreadable("", "no sender");
        String origin = payload.substring(0, space);
        String body = payload.substring(space + 1);
        if (body.equals(TOO_LONG)) return new Decoded.Unreadable(origin, "too long for a notification");
        try {
            return new Decoded.Readable(origin, Json.MAPPER.readValue(body, Change.class));
        } catch (JsonProcessingException | RuntimeException e) {
            // Never the payload itself in the message: it is another node's data.
            return new Decoded.Unreadable(origin, e.getClass().getSimpleName());
        }
    }
}
