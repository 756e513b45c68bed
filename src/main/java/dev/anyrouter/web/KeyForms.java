package dev.anyrouter.web;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.byok.ProviderCredential;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.protocol.Json;
import io.vertx.core.MultiMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The key dialog's form fields as the BYOK API's JSON fields, so a key saved from the dashboard
 * passes exactly the checks one saved through {@code POST /api/v1/byok} does. Nothing is judged
 * here: a field that is wrong goes through as typed and the shared service names it.
 */
final class KeyForms {
    static final String HEADER_PREFIX = "header:";
    static final String CREDENTIAL_PREFIX = "credential:";

    private KeyForms() {}

    /** {@code POST /api/v1/byok}'s body from the "Add key" form. */
    static ObjectNode createBody(MultiMap form) {
        ObjectNode body = Json.object();
        putText(body, "provider", form.get("provider"));
        Map<String, String> credential = prefixed(form, CREDENTIAL_PREFIX);
        if (credential.isEmpty()) {
            putText(body, "key", form.get("key"));
        } else {
            // A provider with named fields takes them with its key as one object (see ProviderCredential).
            ObjectNode key = body.putObject("key");
            putText(key, ProviderCredential.KEY_FIELD, form.get("key"));
            credential.forEach(key::put);
        }
        putText(body, "alias", form.get("alias"));
        putNumber(body, "priority", form.get("priority"));
        putNumber(body, "weight", form.get("weight"));
        putText(body, "base_url", form.get("base_url"));
        Map<String, String> headers = typedHeaders(form);
        if (!headers.isEmpty()) body.set("headers", Json.MAPPER.valueToTree(headers));
        body.set("scope", scope(form));
        return body;
    }

    /**
     * {@code PATCH /api/v1/byok/{id}}'s body from the "Edit" form: only what the form can change.
     * A base URL is sent only when it differs (a new one is proved with the key first); header
     * values are never shown back, so a blank header field keeps the stored value.
     */
    static ObjectNode patchBody(MultiMap form, ProviderKeyRecord current) {
        ObjectNode body = Json.object();
        String alias = form.get("alias");
        if (alias != null) body.put("alias", alias);
        putNumber(body, "priority", form.get("priority"));
        putNumber(body, "weight", form.get("weight"));
        String baseUrl = form.get("base_url");
        if (baseUrl != null && !baseUrl.isBlank() && !Objects.equals(baseUrl.strip(), current.baseUrl())) {
            body.put("base_url", baseUrl.strip());
        }
        Map<String, String> typed = typedHeaders(form);
        if (!typed.isEmpty()) {
            Map<String, String> merged = new LinkedHashMap<>(current.headers());
            typed.forEach((name, value) -> {
                merged.keySet().removeIf(existing -> existing.equalsIgnoreCase(name));
                merged.put(name, value);
            });
            body.set("headers", Json.MAPPER.valueToTree(merged));
        }
        body.set("scope", scope(form));
        return body;
    }

    private static Map<String, String> typedHeaders(MultiMap form) {
        return prefixed(form, HEADER_PREFIX);
    }

    /** The non-blank form fields named {@code prefix + name}, by name. */
    private static Map<String, String> prefixed(MultiMap form, String prefix) {
        Map<String, String> values = new LinkedHashMap<>();
        for (var entry : form.entries()) {
            if (entry.getKey().startsWith(prefix) && !entry.getValue().isBlank()) {
                values.put(entry.getKey().substring(prefix.length()), entry.getValue().strip());
            }
        }
        return values;
    }

    private static ArrayNode scope(MultiMap form) {
        ArrayNode ids = Json.MAPPER.createArrayNode();
        form.getAll("scope").stream().filter(id -> !id.isBlank()).forEach(ids::add);
        return ids;
    }

    private static void putText(ObjectNode body, String field, String value) {
        if (value != null && !value.isBlank()) body.put(field, value);
    }

    /** A whole number goes as a number; anything else as typed, so the API's message names the field. */
    private static void putNumber(ObjectNode body, String field, String value) {
        if (value == null || value.isBlank()) return;
        try {
            body.put(field, Integer.parseInt(value.strip()));
        } catch (NumberFormatException e) {
            body.put(field, value);
        }
    }
}
