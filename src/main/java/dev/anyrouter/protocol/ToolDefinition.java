package dev.anyrouter.protocol;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A function the model may call.
 *
 * @param description may be null
 * @param parameters the JSON Schema of its arguments (an object schema)
 */
public record ToolDefinition(String name, String description, JsonNode parameters) {}
