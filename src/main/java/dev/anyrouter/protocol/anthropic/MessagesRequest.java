package dev.anyrouter.protocol.anthropic;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.ModelIdLimits;
import java.util.List;

/**
 * An Anthropic Messages request kept as the client's JSON tree, so that forwarding it to an
 * Anthropic upstream edits only {@code model}: {@code cache_control} breakpoints,
 * {@code metadata}, thinking blocks and fields we do not know yet all survive as sent.
 */
public final class MessagesRequest implements ClientRequest {
    /** Sampling fields that {@code anthropic-version: 2026-10-21} no longer accepts. */
    private static final List<String> SAMPLING = List.of("temperature", "top_p", "top_k");

    private final byte[] body;
    private final ObjectNode tree;
    private final String model;
    private final boolean stream;

    private MessagesRequest(byte[] body, ObjectNode tree, String model, boolean stream) {
        this.body = body;
        this.tree = tree;
        this.model = model;
        this.stream = stream;
    }

    /** As {@link #parse(byte[], ModelIdLimits)} with the default limits. */
    public static MessagesRequest parse(byte[] body) {
        return parse(body, ModelIdLimits.DEFAULT);
    }

    /** Parses and checks the fields the gateway relies on; the rest is the upstream's to judge. */
    public static MessagesRequest parse(byte[] body, ModelIdLimits limits) {
        JsonNode node = Json.parse(body);
        if (!(node instanceof ObjectNode tree)) throw new MalformedJsonException("the request body must be a JSON object");
        JsonNode model = tree.get("model");
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw new MalformedJsonException("model: Field required (a non-empty string)");
        }
        limits.check("model", model.asText());
        JsonNode messages = tree.get("messages");
        if (messages == null || !messages.isArray()) {
            throw new MalformedJsonException("messages: Field required (an array)");
        }
        JsonNode stream = tree.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) throw new MalformedJsonException("stream: must be a boolean");
        return new MessagesRequest(body, tree, model.asText(), stream != null && stream.asBoolean(false));
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public boolean stream() {
        return stream;
    }

    /** Anthropic streams always end with usage. */
    @Override
    public boolean clientWantsUsage() {
        return true;
    }

    @Override
    public byte[] forUpstream(String upstreamModel) {
        return ClientRequest.withModel(body, tree, upstreamModel);
    }

    @Override
    public ObjectNode tree() {
        return tree.deepCopy();
    }

    @Override
    public long estimatedTokens() {
        return ClientRequest.estimatedTokens(body.length, tree, List.of("max_tokens"));
    }

    @Override
    public List<String> outputLimitFields() {
        return List.of("max_tokens");
    }

    @Override
    public MessagesRequest withMembers(java.util.Map<String, JsonNode> members) {
        ObjectNode copy = ClientRequest.withMembers(tree, members);
        return new MessagesRequest(Json.bytes(copy), copy, model, stream);
    }

    /** Whether it sets a sampling field, which only {@code anthropic-version: 2023-06-01} accepts. */
    public boolean setsSampling() {
        for (String field : SAMPLING) {
            if (tree.hasNonNull(field)) return true;
        }
        return false;
    }

    @Override
    public JsonNode asSent() {
        return tree;
    }
}
