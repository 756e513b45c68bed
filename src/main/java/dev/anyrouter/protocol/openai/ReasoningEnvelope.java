package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.Part;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The {@code encrypted_content} of a reasoning item the gateway wrote for a translated answer.
 * Stateless clients (Codex, {@code store: false}) send reasoning back only through this field, and
 * Anthropic accepts earlier thinking only as it issued it: exact text and signature (or a redacted
 * block's data). So the field carries those, base64 of a small JSON object under a version prefix,
 * and a later request decodes them back. It is not encrypted: the text is the summary the client
 * already saw, and a signature is only Anthropic's proof that the text was not altered.
 */
final class ReasoningEnvelope {
    private static final String PREFIX = "anyrouter.v1.";

    private ReasoningEnvelope() {}

    static String seal(Part part) {
        ObjectNode body = Json.object();
        switch (part) {
            case Part.Thinking t -> {
                body.put("thinking", t.text());
                if (t.signature() != null) body.put("signature", t.signature());
            }
            case Part.RedactedThinking r -> body.put("redacted", r.data());
            default -> throw new IllegalArgumentException("only reasoning is sealed");
        }
        return PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(Json.bytes(body));
    }

    /** The reasoning part sealed in {@code content}, or null when the gateway did not write it (OpenAI's own, say). */
    static Part open(String content) {
        if (content == null || !content.startsWith(PREFIX)) return null;
        JsonNode body;
        try {
            body = Json.parse(Base64.getUrlDecoder().decode(content.substring(PREFIX.length()).getBytes(StandardCharsets.US_ASCII)));
        } catch (IllegalArgumentException | MalformedJsonException e) {
            return null;
        }
        if (body.path("redacted").isTextual()) return new Part.RedactedThinking(body.get("redacted").asText());
        if (!body.path("thinking").isTextual()) return null;
        return new Part.Thinking(body.get("thinking").asText(), body.path("signature").isTextual() ? body.get("signature").asText() : null);
    }
}
