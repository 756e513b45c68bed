package dev.anyrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/** The shape the model's text answer must take. */
public sealed interface ResponseFormat {
    /** Free text (the default). */
    record Text() implements ResponseFormat {}

    /** Any JSON object (OpenAI's JSON mode). */
    record JsonObject() implements ResponseFormat {}

    /** JSON matching {@code schema}; {@code name} and {@code strict} may be null. */
    record JsonSchema(String name, JsonNode schema, Boolean strict) implements ResponseFormat {}
}
