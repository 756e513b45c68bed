package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Tool-call ids for an upstream that takes only ids of exactly {@code length} ASCII letters and
 * digits (Mistral: nine). An id of another shape — OpenAI's {@code call_…}, Anthropic's
 * {@code toolu_…} — is replaced by letters and digits derived from it, so the assistant turn's
 * {@code tool_calls[].id} and the tool turn's {@code tool_call_id} that answered it still match;
 * an id already of that shape (the upstream's own, sent back) is kept. Pure: no state between requests.
 */
final class ToolCallIds {
    private static final char[] ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".toCharArray();

    private final int length;

    ToolCallIds(int length) {
        if (length < 1 || length > 32) throw new IllegalArgumentException("a tool-call id length is 1..32, got " + length);
        this.length = length;
    }

    /** Whether every id in {@code messages} already fits, so the request needs no edit for them. */
    boolean allFit(JsonNode messages) {
        if (!(messages instanceof ArrayNode list)) return true;
        for (JsonNode message : list) {
            if (!fits(message.path("tool_call_id"))) return false;
            for (JsonNode call : message.path("tool_calls")) {
                if (!fits(call.path("id"))) return false;
            }
        }
        return true;
    }

    /** {@code messages} with every id fitted; messages with nothing to change are shared, not copied. */
    ArrayNode fitted(ArrayNode messages) {
        ArrayNode out = messages.arrayNode(messages.size());
        for (JsonNode message : messages) {
            boolean change = !fits(message.path("tool_call_id"));
            for (JsonNode call : message.path("tool_calls")) change |= !fits(call.path("id"));
            if (!change || !(message instanceof ObjectNode object)) {
                out.add(message);
                continue;
            }
            ObjectNode copy = object.deepCopy();
            if (copy.get("tool_call_id") != null && copy.get("tool_call_id").isTextual()) {
                copy.put("tool_call_id", fit(copy.get("tool_call_id").asText()));
            }
            for (JsonNode call : copy.path("tool_calls")) {
                if (call instanceof ObjectNode c && c.path("id").isTextual()) c.put("id", fit(c.get("id").asText()));
            }
            out.add(copy);
        }
        return out;
    }

    private boolean fits(JsonNode id) {
        return !id.isTextual() || fits(id.asText());
    }

    boolean fits(String id) {
        if (id.length() != length) return false;
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (!(c >= '0' && c <= '9' || c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z')) return false;
        }
        return true;
    }

    /** The id itself when it fits, else {@code length} letters and digits from its SHA-256: the same id, the same answer. */
    String fit(String id) {
        if (fits(id)) return id;
        byte[] digest;
        try {
            digest = MessageDigest.getInstance("SHA-256").digest(id.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
        char[] out = new char[length];
        for (int i = 0; i < length; i++) out[i] = ALPHABET[(digest[i] & 0xff) % ALPHABET.length];
        return new String(out);
    }
}
