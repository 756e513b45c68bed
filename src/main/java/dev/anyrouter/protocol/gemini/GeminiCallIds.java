package dev.anyrouter.protocol.gemini;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Ids for Gemini function calls, which often come without one while the OpenAI and Anthropic
 * wires need an id to pair a call with its result. The id is derived from the call itself (the
 * response, its position, name and arguments), so a JSON answer and a stream of the same answer
 * name the call alike, and no randomness is involved.
 */
final class GeminiCallIds {
    private GeminiCallIds() {}

    static String of(String responseId, int ordinal, String name, String arguments) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            String key = (responseId == null ? "" : responseId) + '\n' + ordinal + '\n' + name + '\n' + arguments;
            byte[] digest = sha.digest(key.getBytes(StandardCharsets.UTF_8));
            return "call_" + HexFormat.of().formatHex(digest, 0, 12);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is always present", e);
        }
    }
}
