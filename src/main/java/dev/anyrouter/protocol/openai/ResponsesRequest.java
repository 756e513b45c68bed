package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.ModelIdLimits;
import java.util.function.Predicate;

/**
 * An OpenAI Responses request ({@code POST /responses}) kept as the client's JSON tree, so that
 * forwarding it to an upstream that speaks Responses edits only {@code model} while every field
 * we do not know ({@code client_metadata}, {@code prompt_cache_key}, {@code include},
 * {@code reasoning}…) survives untouched. A provider without the Responses API gets it through
 * {@link ResponsesCodec}, which reads a copy of the tree.
 */
public final class ResponsesRequest implements ClientRequest {
    private final byte[] body;
    private final ObjectNode tree;
    private final String model;
    private final boolean stream;

    private ResponsesRequest(byte[] body, ObjectNode tree, String model, boolean stream) {
        this.body = body;
        this.tree = tree;
        this.model = model;
        this.stream = stream;
    }

    /** As {@link #parse(byte[], ModelIdLimits)} with the default limits. */
    public static ResponsesRequest parse(byte[] body) {
        return parse(body, ModelIdLimits.DEFAULT);
    }

    /** Parses and checks the fields the gateway relies on; anything else is the upstream's to judge. */
    public static ResponsesRequest parse(byte[] body, ModelIdLimits limits) {
        ObjectNode tree = OpenAiRequestBodies.parse(body, limits);
        JsonNode input = tree.get("input");
        if (input != null && !input.isNull() && !input.isTextual() && !input.isArray()) {
            throw new MalformedJsonException("'input' must be a string or an array of input items");
        }
        if (input != null && input.isArray()) {
            for (int i = 0; i < input.size(); i++) {
                if (!input.get(i).isObject()) throw new MalformedJsonException("'input[" + i + "]' must be an object");
            }
        }
        requireType(tree, "stream", JsonNode::isBoolean, "a boolean");
        requireType(tree, "store", JsonNode::isBoolean, "a boolean");
        requireType(tree, "previous_response_id", JsonNode::isTextual, "a string");
        requireType(tree, "instructions", n -> n.isTextual() || n.isArray(), "a string or an array of input items");
        requireToolTypes(tree.get("tools"));
        return new ResponsesRequest(body, tree, tree.get("model").asText(), tree.path("stream").asBoolean(false));
    }

    private static void requireType(ObjectNode tree, String field, Predicate<JsonNode> ok, String what) {
        JsonNode value = tree.get(field);
        if (value != null && !value.isNull() && !ok.test(value)) {
            throw new MalformedJsonException("'" + field + "' must be " + what);
        }
    }

    /** Every tool names its type: that decides who can run it (OpenAI's hosted tools, or the client). */
    private static void requireToolTypes(JsonNode tools) {
        if (tools == null || tools.isNull()) return;
        if (!tools.isArray()) throw new MalformedJsonException("'tools' must be an array");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode type = tools.get(i).get("type");
            if (type == null || !type.isTextual() || type.asText().isBlank()) {
                throw new MalformedJsonException("'tools[" + i + "].type' is required and must be a string");
            }
        }
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public boolean stream() {
        return stream;
    }

    /** Always true: a Responses stream carries its usage in {@code response.completed}, asked for or not. */
    @Override
    public boolean clientWantsUsage() {
        return true;
    }

    /** A copy of the client's whole JSON tree, for a codec that translates it. */
    @Override
    public ObjectNode tree() {
        return tree.deepCopy();
    }

    @Override
    public long estimatedTokens() {
        return ClientRequest.estimatedTokens(body.length, tree, java.util.List.of("max_output_tokens"));
    }

    @Override
    public java.util.List<String> outputLimitFields() {
        return java.util.List.of("max_output_tokens");
    }

    @Override
    public ResponsesRequest withMembers(java.util.Map<String, JsonNode> members) {
        ObjectNode copy = ClientRequest.withMembers(tree, members);
        return new ResponsesRequest(Json.bytes(copy), copy, model, stream);
    }

    /** The body to send to an upstream that speaks Responses: the client's tree with {@code model} replaced. */
    @Override
    public byte[] forUpstream(String upstreamModel) {
        return ClientRequest.withModel(body, tree, upstreamModel);
    }

    @Override
    public JsonNode asSent() {
        return tree;
    }
}
