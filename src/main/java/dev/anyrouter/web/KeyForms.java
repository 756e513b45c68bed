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
    /** A cloud's structured credential, field by field ({@link CloudKeyFields}). */
    static final String CLOUD_PREFIX = "cloud:";

    private KeyForms() {}

    /** {@code POST /api/v1/byok}'s body from the "Add key" form. */
    static ObjectNode createBody(MultiMap form) {
        ObjectNode body = Json.object();
        putText(body, "provider", form.get("provider"));
        Map<String, String> credential = prefixed(form, CREDENTIAL_PREFIX);
        if (isCloud(form)) {
            Map<String, String> fields = prefixed(form, CLOUD_PREFIX);
            String pasted = fields.remove(CloudFormView.JSON_FIELD.substring(CLOUD_PREFIX.length()));
            if (pasted != null) {
                body.put("key", pasted); // the whole credential as JSON text: it stands for the fields
            } else {
                ObjectNode key = body.putObject("key");
                fields.forEach((name, value) -> key.set(name, CloudKeyFields.value(name, value)));
            }
        } else if (credential.isEmpty()) {
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
        if (isCloud(form)) body.set("credential", cloudChange(form));
        body.set("scope", scope(form));
        return body;
    }

    /** Whether the form is a cloud's: its inputs are sent, blank or not, so their names are there. */
    private static boolean isCloud(MultiMap form) {
        return form.names().stream().anyMatch(name -> name.startsWith(CLOUD_PREFIX));
    }

    /**
     * The edit form's credential fields as {@code PATCH}'s {@code credential}: Azure's per resource
     * ({@code resources.0.api_version}), the others as they are; a field left empty is sent as null,
     * which gives it back its default (the v1 API, no deployments, the key file's project).
     */
    private static ObjectNode cloudChange(MultiMap form) {
        ObjectNode change = Json.object();
        for (var entry : form.entries()) {
            if (!entry.getKey().startsWith(CLOUD_PREFIX)) continue;
            String name = entry.getKey().substring(CLOUD_PREFIX.length());
            String value = entry.getValue().strip();
            ObjectNode target = change;
            String field = name;
            String[] parts = name.split("\\.", 3);
            if (parts.length == 3 && parts[0].equals("resources") && parts[1].matches("[0-9]{1,3}")) {
                ArrayNode resources = change.has("resources") ? (ArrayNode) change.get("resources") : change.putArray("resources");
                int index = Integer.parseInt(parts[1]);
                while (resources.size() <= index) resources.addObject();
                target = (ObjectNode) resources.get(index);
                field = parts[2];
            }
            if (value.isEmpty()) target.putNull(field);
            else target.set(field, CloudKeyFields.value(field, value));
        }
        return change;
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
