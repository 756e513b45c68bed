package dev.anyrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * Typed reads of optional fields in a JSON tree, shared by the wire codecs. A field of the wrong
 * type is a client error ({@link MalformedJsonException}) that names it; an absent or null field
 * reads as null.
 */
public final class JsonFields {
    private JsonFields() {}

    public static boolean present(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v != null && !v.isNull();
    }

    public static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new MalformedJsonException("'" + field + "' must be a string");
        return v.asText();
    }

    public static String requiredText(JsonNode node, String field, String where) {
        String v = text(node, field);
        if (v == null) throw new MalformedJsonException("'" + where + "' is required");
        return v;
    }

    public static Double decimal(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isNumber()) throw new MalformedJsonException("'" + field + "' must be a number");
        return v.asDouble();
    }

    public static Integer integer(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToInt()) throw new MalformedJsonException("'" + field + "' must be an integer");
        return v.asInt();
    }

    public static Long longValue(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isIntegralNumber() || !v.canConvertToLong()) throw new MalformedJsonException("'" + field + "' must be an integer");
        return v.asLong();
    }

    public static Boolean bool(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isBoolean()) throw new MalformedJsonException("'" + field + "' must be a boolean");
        return v.asBoolean();
    }

    /** The array in {@code field}, or an empty list when absent. */
    public static List<JsonNode> array(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) return List.of();
        if (!v.isArray()) throw new MalformedJsonException("'" + field + "' must be an array");
        List<JsonNode> items = new ArrayList<>(v.size());
        v.forEach(items::add);
        return items;
    }

    /** The field names of {@code node} in order. */
    public static List<String> names(JsonNode node) {
        List<String> names = new ArrayList<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) names.add(it.next());
        return names;
    }

    public static void putIfNotNull(ObjectNode node, String field, Object value) {
        switch (value) {
            case null -> { }
            case String s -> node.put(field, s);
            case Integer i -> node.put(field, i);
            case Long l -> node.put(field, l);
            case Double d -> node.put(field, d);
            case Boolean b -> node.put(field, b);
            case JsonNode n -> node.set(field, n);
            default -> throw new IllegalArgumentException("unsupported value type " + value.getClass().getSimpleName());
        }
    }

    public static ArrayNode strings(List<String> values) {
        ArrayNode array = Json.MAPPER.createArrayNode();
        values.forEach(array::add);
        return array;
    }

    /** Parses tool-call arguments; an unparsable string is refused, since the upstream would need an object. */
    public static JsonNode argumentsObject(String arguments, String field) {
        if (arguments == null || arguments.isBlank()) return Json.object();
        JsonNode parsed;
        try {
            parsed = Json.MAPPER.readTree(arguments);
        } catch (Exception e) {
            throw new UnsupportedFieldException(field, "must be a JSON object to be sent to this model, and is not valid JSON");
        }
        if (parsed == null || !parsed.isObject()) {
            throw new UnsupportedFieldException(field, "must be a JSON object to be sent to this model");
        }
        return parsed;
    }

    /** A JSON value as compact text. */
    public static String compact(JsonNode node) {
        try {
            return Json.MAPPER.writeValueAsString(node);
        } catch (Exception e) {
            throw new IllegalStateException("cannot serialise a JSON tree", e);
        }
    }
}
