package dev.anyrouter.protocol;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.CharConversionException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * The one JSON mapper of the gateway. Configured once here and never changed, so sharing it
 * across threads is safe; every package that reads or writes JSON goes through it.
 */
public final class Json {
    /** Shared, immutable after class initialisation. */
    public static final ObjectMapper MAPPER = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false)
            .configure(DeserializationFeature.FAIL_ON_TRAILING_TOKENS, true);

    private Json() {}

    /**
     * Parses bytes into a tree, or throws {@link MalformedJsonException} with a client-safe message:
     * where the JSON went wrong (line, column, byte), never Jackson's own text, which quotes the
     * token it stopped at, and that token may be a key pasted in the wrong place.
     */
    public static JsonNode parse(byte[] bytes) {
        return parse(bytes, 0, bytes.length);
    }

    /** Parses the bytes {@code [offset, offset + length)} into a tree, as {@link #parse(byte[])} does a whole array. */
    public static JsonNode parse(byte[] bytes, int offset, int length) {
        try {
            JsonNode node = MAPPER.readTree(bytes, offset, length);
            if (node == null || node.isMissingNode()) throw new MalformedJsonException("the request body is empty");
            return node;
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException("the request body is not valid JSON" + where(e.getLocation()));
        } catch (CharConversionException e) {
            // Jackson guessed UTF-16/32 from NUL bytes and then met a character those cannot hold.
            throw new MalformedJsonException("the request body is not valid JSON: it must be UTF-8 text");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** " at line L, column C (byte B)", from the parser's position alone (counted from the parsed part's start). */
    static String where(JsonLocation at) {
        if (at == null || at.getLineNr() < 1) return "";
        long bytes = at.getByteOffset();
        return " at line " + at.getLineNr() + ", column " + at.getColumnNr()
                + (bytes >= 0 ? " (byte " + bytes + ")" : "") + ": check the JSON there";
    }

    public static byte[] bytes(Object value) {
        try {
            return MAPPER.writeValueAsBytes(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialise " + value.getClass().getSimpleName(), e);
        }
    }

    public static ObjectNode object() {
        return MAPPER.createObjectNode();
    }
}
