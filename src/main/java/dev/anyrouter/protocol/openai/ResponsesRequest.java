package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import java.util.ArrayList;
import java.util.List;

/**
 * An OpenAI Responses request ({@code POST /responses}) kept as the client's JSON tree, so that
 * forwarding it to an upstream that speaks Responses edits only {@code model} while every field
 * we do not know ({@code client_metadata}, {@code prompt_cache_key}, {@code include},
 * {@code reasoning}…) survives untouched.
 *
 * <p>A translating codec reads the parts it maps through the accessors below ({@link #input()},
 * {@link #instructions()}, {@link #tools()}, {@link #field(String)}); each returns a copy, so no
 * reader can change what is forwarded.
 */
public final class ResponsesRequest implements ClientRequest {

    /** One entry of {@code tools}: its {@code type} and, for functions and the like, its {@code name} (else null). */
    public record Tool(String type, String name) {}

    private final ObjectNode tree;
    private final String model;
    private final boolean stream;
    private final List<Tool> tools;

    private ResponsesRequest(ObjectNode tree, String model, boolean stream, List<Tool> tools) {
        this.tree = tree;
        this.model = model;
        this.stream = stream;
        this.tools = List.copyOf(tools);
    }

    /** Parses and checks the fields the gateway relies on; anything else is the upstream's to judge. */
    public static ResponsesRequest parse(byte[] body) {
        ObjectNode tree = OpenAiRequestBodies.parse(body);
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
        return new ResponsesRequest(tree, tree.get("model").asText(), tree.path("stream").asBoolean(false), tools(tree.get("tools")));
    }

    private static void requireType(ObjectNode tree, String field, java.util.function.Predicate<JsonNode> ok, String what) {
        JsonNode value = tree.get(field);
        if (value != null && !value.isNull() && !ok.test(value)) {
            throw new MalformedJsonException("'" + field + "' must be " + what);
        }
    }

    private static List<Tool> tools(JsonNode tools) {
        if (tools == null || tools.isNull()) return List.of();
        if (!tools.isArray()) throw new MalformedJsonException("'tools' must be an array");
        List<Tool> found = new ArrayList<>(tools.size());
        for (int i = 0; i < tools.size(); i++) {
            JsonNode type = tools.get(i).get("type");
            if (type == null || !type.isTextual() || type.asText().isBlank()) {
                throw new MalformedJsonException("'tools[" + i + "].type' is required and must be a string");
            }
            JsonNode name = tools.get(i).get("name");
            found.add(new Tool(type.asText(), name != null && name.isTextual() ? name.asText() : null));
        }
        return found;
    }

    @Override
    public String model() {
        return model;
    }

    @Override
    public boolean stream() {
        return stream;
    }

    /** {@code store}: true unless the client said false (OpenAI's default). Agents send false and resend history. */
    public boolean store() {
        return tree.path("store").asBoolean(true);
    }

    /** The response this one continues, or null; it exists only where the upstream stored it. */
    public String previousResponseId() {
        JsonNode id = tree.get("previous_response_id");
        return id != null && id.isTextual() ? id.asText() : null;
    }

    /** The tools offered, in order. */
    public List<Tool> tools() {
        return tools;
    }

    /** A copy of {@code input}: a string, an array of items, or a missing node. */
    public JsonNode input() {
        return field("input");
    }

    /** A copy of {@code instructions} (a string, an array of input items, or a missing node). */
    public JsonNode instructions() {
        return field("instructions");
    }

    /** Always true: a Responses stream carries its usage in {@code response.completed}, asked for or not. */
    public boolean clientWantsUsage() {
        return true;
    }

    /** A copy of the client's whole JSON tree, for a codec that translates it. */
    public ObjectNode tree() {
        return tree.deepCopy();
    }

    /** A copy of any top-level field, or a missing node when absent. */
    public JsonNode field(String name) {
        JsonNode value = tree.get(name);
        return value == null ? com.fasterxml.jackson.databind.node.MissingNode.getInstance() : value.deepCopy();
    }

    /** The body to send to an upstream that speaks Responses: the client's tree with {@code model} replaced. */
    public byte[] forUpstream(String upstreamModel) {
        ObjectNode copy = tree.deepCopy();
        copy.put("model", upstreamModel);
        return Json.bytes(copy);
    }
}
