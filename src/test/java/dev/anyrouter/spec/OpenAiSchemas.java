package dev.anyrouter.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Checks JSON against the schemas of OpenAI's OpenAPI description ({@code src/test/resources/spec/openai-openapi.yaml}, a copy of the shared oracle,
 * the test oracle for everything the gateway renders or sends on an OpenAI wire): the keywords those schemas use ({@code $ref},
 * {@code allOf}, {@code anyOf}/{@code oneOf} chosen by the {@code type} tag when there is one,
 * {@code type}, {@code enum}, {@code required}, {@code properties}, {@code items}). Extra fields are
 * allowed, as OpenAI's clients allow them. Written for tests; no JSON-schema library is needed.
 */
public final class OpenAiSchemas {

    /** The spec, beside the repository as in every worktree of this project. */
    /** A copy of {@code src/test/resources/spec/openai-openapi.yaml}, a copy of the shared oracle (MIT, licence beside it), so the build needs nothing outside the repository. */
    public static final Path SPEC = Path.of("src", "test", "resources", "spec", "openai-openapi.yaml");
    private static final String REF_PREFIX = "#/components/schemas/";
    private static OpenAiSchemas loaded;

    private final JsonNode schemas;

    private OpenAiSchemas(JsonNode schemas) {
        this.schemas = schemas;
    }

    /** The schemas, read once (the spec is large: a few seconds). */
    public static synchronized OpenAiSchemas get() {
        if (loaded == null) {
            if (!Files.exists(SPEC)) throw new AssertionError("the OpenAI spec is missing at " + SPEC.toAbsolutePath());
            try {
                loaded = new OpenAiSchemas(new YAMLMapper().readTree(SPEC.toFile()).path("components").path("schemas"));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return loaded;
    }

    /** Every way {@code value} breaks schema {@code name}, as {@code path: problem}; empty when it conforms. */
    public List<String> violations(String name, JsonNode value) {
        List<String> errors = new ArrayList<>();
        validate(named(name), value, "$", errors);
        return errors;
    }

    /** Throws an {@link AssertionError} listing the violations, if there are any. */
    public void assertValid(String name, JsonNode value) {
        List<String> errors = violations(name, value);
        if (!errors.isEmpty()) {
            throw new AssertionError(value + "\ndoes not conform to " + name + ":\n  " + String.join("\n  ", errors));
        }
    }

    private JsonNode named(String name) {
        JsonNode schema = schemas.get(name);
        if (schema == null) throw new IllegalArgumentException("no schema named " + name);
        return schema;
    }

    private JsonNode resolve(JsonNode schema) {
        JsonNode ref = schema.get("$ref");
        return ref == null ? schema : resolve(named(ref.asText().substring(REF_PREFIX.length())));
    }

    private void validate(JsonNode schema, JsonNode value, String path, List<String> errors) {
        if (schema.has("$ref")) {
            validate(resolve(schema), value, path, errors);
        }
        if (value.isNull() && schema.path("nullable").asBoolean(false)) return;
        for (JsonNode part : schema.path("allOf")) validate(part, value, path, errors);
        for (String choice : List.of("anyOf", "oneOf")) {
            if (schema.has(choice)) chooseOne(schema.get(choice), value, path, errors);
        }
        if (schema.has("type") && !hasType(schema.get("type"), value)) {
            errors.add(path + ": expected " + schema.get("type") + ", got " + value.getNodeType().name().toLowerCase());
            return;
        }
        if (schema.has("enum") && !contains(schema.get("enum"), value)) {
            errors.add(path + ": " + value + " is not one of " + schema.get("enum"));
        }
        if (value.isObject()) {
            for (JsonNode required : schema.path("required")) {
                if (!value.has(required.asText())) errors.add(path + ": missing required field '" + required.asText() + "'");
            }
            for (Map.Entry<String, JsonNode> property : schema.path("properties").properties()) {
                JsonNode field = value.get(property.getKey());
                if (field != null) validate(property.getValue(), field, path + "." + property.getKey(), errors);
            }
        }
        if (value.isArray() && schema.has("items")) {
            for (int i = 0; i < value.size(); i++) validate(schema.get("items"), value.get(i), path + "[" + i + "]", errors);
        }
    }

    /** anyOf/oneOf: the variant the {@code type} tag names when the variants are tagged, else any that fits. */
    private void chooseOne(JsonNode variants, JsonNode value, String path, List<String> errors) {
        if (value.isObject() && value.path("type").isTextual()) {
            for (JsonNode variant : variants) {
                if (typeTags(variant).contains(value.get("type").asText())) {
                    validate(variant, value, path, errors);
                    return;
                }
            }
        }
        List<String> closest = null;
        for (JsonNode variant : variants) {
            List<String> attempt = new ArrayList<>();
            validate(variant, value, path, attempt);
            if (attempt.isEmpty()) return;
            if (closest == null || attempt.size() < closest.size()) closest = attempt;
        }
        errors.add(path + ": fits none of " + variants.size() + " variants; the closest fails with:");
        if (closest != null) errors.addAll(closest);
    }

    /** The values a (possibly referenced or composed) object schema allows for its {@code type} field. */
    private Set<String> typeTags(JsonNode schema) {
        Set<String> tags = new HashSet<>();
        JsonNode resolved = resolve(schema);
        JsonNode tag = resolved.path("properties").path("type");
        for (JsonNode value : resolve(tag).path("enum")) tags.add(value.asText());
        if (tag.has("const")) tags.add(tag.get("const").asText());
        for (JsonNode part : resolved.path("allOf")) tags.addAll(typeTags(part));
        return tags;
    }

    private static boolean hasType(JsonNode type, JsonNode value) {
        if (type.isArray()) {
            for (JsonNode one : type) if (hasType(one, value)) return true;
            return false;
        }
        return switch (type.asText()) {
            case "null" -> value.isNull();
            case "string" -> value.isTextual();
            case "integer" -> value.isIntegralNumber() || (value.isNumber() && value.asDouble() == Math.rint(value.asDouble()));
            case "number" -> value.isNumber();
            case "boolean" -> value.isBoolean();
            case "array" -> value.isArray();
            case "object" -> value.isObject();
            default -> true;
        };
    }

    private static boolean contains(JsonNode allowed, JsonNode value) {
        for (JsonNode one : allowed) {
            if (one.equals(value) || (one.isNumber() && value.isNumber() && one.asDouble() == value.asDouble())) return true;
        }
        return false;
    }
}
