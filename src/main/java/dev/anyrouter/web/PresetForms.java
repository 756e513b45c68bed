package dev.anyrouter.web;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.routing.Preset;
import io.vertx.core.MultiMap;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Turns the preset form into the API's JSON body ({@code /api/v1/presets}), so the page is checked by
 * exactly the rules the API applies, and a stored preset back into the form's fields. Pure.
 */
final class PresetForms {
    private PresetForms() {}

    /** Thrown when a field cannot even be read (parameters that are not JSON); its message is for the user. */
    static final class Unreadable extends RuntimeException {
        Unreadable(String message) {
            super(message, null, false, false);
        }
    }

    /**
     * The body for the form's fields: models one per line (or comma separated), provider order comma
     * separated, parameters a JSON object. Pins are not edited here; {@code keep} carries an edited
     * preset's pins over, so saving the form does not drop them.
     */
    static ObjectNode body(MultiMap form, Preset keep) {
        ObjectNode body = Json.object();
        String name = text(form, "name");
        if (!name.isEmpty()) body.put("name", name);
        ArrayNode models = body.putArray("models");
        split(text(form, "models"), "[,\\n]").forEach(models::add);
        ArrayNode order = body.putArray("provider_order");
        split(text(form, "provider_order"), ",").forEach(order::add);
        switch (text(form, "fallback_to_credits")) {
            case "true" -> body.put("fallback_to_credits", true);
            case "false" -> body.put("fallback_to_credits", false);
            default -> body.putNull("fallback_to_credits");
        }
        String prompt = text(form, "system_prompt");
        if (!prompt.isEmpty()) body.put("system_prompt", prompt);
        String parameters = text(form, "parameters");
        if (!parameters.isEmpty()) {
            JsonNode parsed;
            try {
                parsed = Json.parse(parameters.getBytes(StandardCharsets.UTF_8));
            } catch (RuntimeException e) {
                throw new Unreadable("Parameters must be a JSON object, like {\"temperature\": 0.2}.");
            }
            body.set("parameters", parsed);
        }
        if (keep != null && !keep.pins().isEmpty()) {
            ArrayNode pins = body.putArray("pins");
            keep.pins().forEach(p -> pins.addObject().put("model", p.model()).put("key_id", p.keyId())
                    .put("upstream_model", p.upstreamModel()));
        }
        return body;
    }

    static PresetFormView blank(String csrf) {
        return new PresetFormView(csrf, null, "", "", "", "", "", "", null);
    }

    static PresetFormView of(String csrf, Preset p) {
        return new PresetFormView(csrf, p.name(), p.name(), String.join("\n", p.models()), String.join(", ", p.providerOrder()),
                p.fallbackToCredits() == null ? "" : p.fallbackToCredits().toString(),
                p.systemPrompt() == null ? "" : p.systemPrompt(),
                p.parameters().isEmpty() ? "" : p.parameters().toString(), null);
    }

    static PresetFormView typed(String csrf, String editing, MultiMap form, String error) {
        return new PresetFormView(csrf, editing, editing != null ? editing : text(form, "name"), text(form, "models"),
                text(form, "provider_order"), text(form, "fallback_to_credits"), text(form, "system_prompt"),
                text(form, "parameters"), error);
    }

    private static List<String> split(String value, String separators) {
        return Arrays.stream(value.split(separators)).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static String text(MultiMap form, String field) {
        String v = form.get(field);
        return v == null ? "" : v.strip();
    }
}
