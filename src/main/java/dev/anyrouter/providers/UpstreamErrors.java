package dev.anyrouter.providers;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.vault.Redaction;
import dev.anyrouter.vault.Secret;
import java.util.regex.Pattern;

/**
 * Reads an upstream's error body without ever passing it on as it is: only a short code that
 * looks like an identifier, and a message with anything key-like removed. Upstreams echo keys
 * in errors ("Incorrect API key provided: sk-..."), so the raw body never reaches a client or a log.
 */
public final class UpstreamErrors {
    private static final Pattern SAFE_CODE = Pattern.compile("[A-Za-z0-9_.\\-]{1,64}");
    private static final int MAX_MESSAGE = 300;

    private UpstreamErrors() {}

    /** The upstream's error code or type when it is a plain identifier, else null. */
    public static String code(byte[] body) {
        JsonNode error = errorNode(body);
        if (error == null) return null;
        for (String field : new String[] {"code", "type", "status"}) {
            JsonNode v = error.get(field);
            if (v != null && v.isValueNode() && SAFE_CODE.matcher(v.asText()).matches()) return v.asText();
        }
        return null;
    }

    /** The upstream's message with the credential and anything key-like redacted, or null. */
    public static String cleanMessage(byte[] body, Secret credential) {
        JsonNode error = errorNode(body);
        if (error == null) return null;
        JsonNode message = error.get("message");
        if (message == null || !message.isTextual()) return null;
        return clean(message.asText(), credential);
    }

    /**
     * An upstream's error answer as the client is told it: its status, a safe code, and a message
     * that names the provider and the key's shown alias, with anything key-like removed.
     */
    public static ApiError toApiError(Provider provider, String keyAlias, Secret credential, int status, byte[] body) {
        String code = code(body);
        String detail = cleanMessage(body, credential);
        String message = provider.name() + " answered HTTP " + status + " on key '" + keyAlias + "'"
                + (detail == null || detail.isEmpty() ? "" : ": " + detail);
        return new ApiError(status, ApiError.typeFor(status), code == null ? "upstream_error" : code, message);
    }

    /** {@code value} when it is a plain identifier (an error type or code safe to pass on), else null. */
    public static String safeCode(String value) {
        return value != null && SAFE_CODE.matcher(value).matches() ? value : null;
    }

    /**
     * An upstream's message as a client may read it: the credential and anything key-like
     * redacted, control characters blanked, at most a few hundred characters.
     */
    public static String clean(String message, Secret credential) {
        String text = message;
        if (credential != null) {
            String key = credential.reveal();
            if (!key.isEmpty()) text = text.replace(key, "[redacted]");
            if (key.startsWith("{") || key.startsWith("[")) text = withoutValues(text, key);
        }
        text = Redaction.redact(text);
        text = text.replaceAll("[\\p{Cntrl}]", " ").strip();
        return text.length() > MAX_MESSAGE ? text.substring(0, MAX_MESSAGE) + "…" : text;
    }

    /**
     * A structured credential (a cloud's JSON) is sealed as one text, but an upstream would echo one
     * of its values: every string in it long enough to be a secret is taken out.
     */
    private static String withoutValues(String text, String credentialJson) {
        JsonNode tree;
        try {
            tree = Json.parse(credentialJson.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (RuntimeException notJson) {
            return text;
        }
        java.util.List<JsonNode> pending = new java.util.ArrayList<>(java.util.List.of(tree));
        while (!pending.isEmpty()) {
            JsonNode node = pending.removeLast();
            if (node.isTextual() && node.asText().length() >= 12) text = text.replace(node.asText(), "[redacted]");
            node.elements().forEachRemaining(pending::add);
        }
        return text;
    }

    private static JsonNode errorNode(byte[] body) {
        if (body == null || body.length == 0) return null;
        try {
            JsonNode root = Json.parse(body);
            JsonNode error = root.get("error");
            if (error != null && error.isObject()) return error;
            if (error != null && error.isTextual()) return Json.object().put("message", error.asText());
            return root.isObject() ? root : null;
        } catch (RuntimeException e) {
            return null;
        }
    }
}
