package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;

/**
 * An OpenAI Chat Completions request kept as the client's JSON tree, so that forwarding it to
 * an OpenAI-wire upstream edits only {@code model} (and asks for usage) while every field we do
 * not know survives untouched.
 */
public final class ChatRequest implements ClientRequest {
    private final ObjectNode tree;
    private final String model;
    private final boolean stream;
    private final boolean clientWantsUsage;

    private ChatRequest(ObjectNode tree, String model, boolean stream, boolean clientWantsUsage) {
        this.tree = tree;
        this.model = model;
        this.stream = stream;
        this.clientWantsUsage = clientWantsUsage;
    }

    /** Parses and checks the fields the gateway relies on; anything else is the upstream's to judge. */
    public static ChatRequest parse(byte[] body) {
        ObjectNode tree = OpenAiRequestBodies.parse(body);
        JsonNode messages = tree.get("messages");
        if (messages == null || !messages.isArray() || messages.isEmpty()) {
            throw new MalformedJsonException("'messages' is required and must be a non-empty array");
        }
        JsonNode stream = tree.get("stream");
        if (stream != null && !stream.isNull() && !stream.isBoolean()) {
            throw new MalformedJsonException("'stream' must be a boolean");
        }
        boolean streaming = stream != null && stream.asBoolean(false);
        JsonNode options = tree.get("stream_options");
        boolean wantsUsage = options != null && options.path("include_usage").asBoolean(false);
        return new ChatRequest(tree, tree.get("model").asText(), streaming, wantsUsage);
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public boolean stream() {
        return stream;
    }

    /** Whether the client itself asked for the trailing usage chunk of a stream. */
    @Override
    public boolean clientWantsUsage() {
        return clientWantsUsage;
    }

    /**
     * The body to send upstream: the client's tree with {@code model} replaced and, for a
     * stream, usage requested so that every request can be accounted for.
     */
    @Override
    public byte[] forUpstream(String upstreamModel) {
        ObjectNode copy = tree.deepCopy();
        copy.put("model", upstreamModel);
        if (stream) {
            JsonNode options = copy.get("stream_options");
            ObjectNode streamOptions = options instanceof ObjectNode o ? o : copy.putObject("stream_options");
            streamOptions.put("include_usage", true);
        }
        return Json.bytes(copy);
    }

    @Override
    public ObjectNode tree() {
        return tree.deepCopy();
    }
}
