package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * OpenAI's published OpenAPI description used as a test oracle: checks a JSON value against a
 * named schema (types, required fields, enums, nested objects and arrays, {@code $ref},
 * {@code anyOf}/{@code oneOf}/{@code allOf}). Enough to catch a missing or mistyped field in what
 * the gateway renders on the OpenAI wire; not a full JSON Schema validator.
 */
final class OpenApiOracle {
    static final Path SPEC = Path.of("..", "shared", "specs", "openai-openapi.yaml");
    private static OpenApiOracle loaded;

    private final JsonNode schemas;

    private OpenApiOracle(JsonNode root) {
        this.schemas = root.path("components").path("schemas");
    }

    static synchronized OpenApiOracle load() {
        if (loaded == null) {
            if (!Files.exists(SPEC)) throw new AssertionError("the OpenAI spec is missing at " + SPEC.toAbsolutePath());
            try {
                loaded = new OpenApiOracle(new YAMLMapper().readTree(SPEC.toFile()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }

    /** The problems found, empty when the value conforms. */
    List<String> check(String schemaName, JsonNode value) {
        List<String> problems = new ArrayList<>();
        check(schemas.get(schemaName), value, "$", problems);
        return problems;
    }

    private void check(JsonNode schema, JsonNode value, String at, List<String> problems) {
        if (schema == null || schema.isMissingNode()) return;
        if (schema.has("$ref")) {
            String ref = schema.get("$ref").asText();
            check(schemas.get(ref.substring(ref.lastIndexOf('/') + 1)), value, at, problems);
            return;
        }
        for (String combinator : List.of("anyOf", "oneOf")) {
            if (schema.has(combinator)) {
                boolean any = false;
                for (JsonNode option : schema.get(combinator)) {
                    List<String> sub = new ArrayList<>();
                    check(option, value, at, sub);
                    if (sub.isEmpty()) any = true;
                }
                if (!any) problems.add(at + ": matches none of " + combinator);
                return;
            }
        }
        if (schema.has("allOf")) for (JsonNode part : schema.get("allOf")) check(part, value, at, problems);
        if (value.isNull() && schema.path("nullable").asBoolean(false)) return;
        if (!typeMatches(schema.get("type"), value)) {
            problems.add(at + ": expected " + schema.get("type") + ", got " + value.getNodeType());
            return;
        }
        if (schema.has("enum") && !value.isNull()) {
            boolean found = false;
            for (JsonNode e : schema.get("enum")) found |= e.equals(value);
            if (!found) problems.add(at + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) problems.add(at + ": lacks required '" + required.asText() + "'");
            }
            schema.path("properties").fields().forEachRemaining(p -> {
                if (value.has(p.getKey())) check(p.getValue(), value.get(p.getKey()), at + "." + p.getKey(), problems);
            });
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) check(schema.get("items"), value.get(i), at + "[" + i + "]", problems);
        }
    }

    private static boolean typeMatches(JsonNode type, JsonNode value) {
        if (type == null) return true;
        if (type.isArray()) {
            for (JsonNode t : type) if (typeMatches(t, value)) return true;
            return false;
        }
        return switch (type.asText()) {
            case "object" -> value.isObject();
            case "array" -> value.isArray();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber();
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "null" -> value.isNull();
            default -> true;
        };
    }
}
