package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.JsonSplice;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.ModelIdLimits;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * An OpenAI Chat Completions request kept as the client's JSON tree, so that forwarding it to
 * an OpenAI-wire upstream edits only {@code model} (and asks for usage) while every field we do
 * not know survives untouched.
 */
public final class ChatRequest implements ClientRequest {
    private static final byte[] INCLUDE_USAGE = "{\"include_usage\":true}".getBytes(StandardCharsets.UTF_8);
    private final byte[] body;
    private final ObjectNode tree;
    private final String model;
    private final boolean stream;
    private final boolean clientWantsUsage;
    private final List<String> models;

    private ChatRequest(byte[] body, ObjectNode tree, String model, boolean stream, boolean clientWantsUsage, List<String> models) {
        this.body = body;
        this.tree = tree;
        this.model = model;
        this.stream = stream;
        this.clientWantsUsage = clientWantsUsage;
        this.models = models;
    }

    /** As {@link #parse(byte[], ModelIdLimits)} with the default limits. */
    public static ChatRequest parse(byte[] body) {
        return parse(body, ModelIdLimits.DEFAULT);
    }

    /**
     * Parses and checks the fields the gateway relies on; anything else is the upstream's to judge.
     * Model ids past {@code limits} are refused here, before anything looks them up.
     */
    public static ChatRequest parse(byte[] body, ModelIdLimits limits) {
        JsonNode node = Json.parse(body);
        if (!(node instanceof ObjectNode tree)) throw new MalformedJsonException("the request body must be a JSON object");
        List<String> fallbacks = fallbacks(tree.get("models"), limits);
        JsonNode model = tree.get("model");
        if ((model == null || model.isNull()) && !fallbacks.isEmpty()) model = tree.textNode(fallbacks.getFirst());
        if (model == null || !model.isTextual() || model.asText().isBlank()) {
            throw new MalformedJsonException("'model' is required and must be a non-empty string");
        }
        String named = limits.check("model", model.asText());
        List<String> models = limits.distinct(named, fallbacks);
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
        return new ChatRequest(body, tree, named, streaming, wantsUsage, models);
    }

    /**
     * OpenRouter's {@code models: [...]}: model ids to fall back to, in order. Its length is checked
     * before any id is read: a list longer than a request may try is refused whole.
     */
    private static List<String> fallbacks(JsonNode models, ModelIdLimits limits) {
        if (models == null || models.isNull()) return List.of();
        if (!models.isArray()) throw new MalformedJsonException("'models' must be an array of model ids");
        if (models.size() > limits.maxModels()) throw limits.tooMany();
        List<String> out = new ArrayList<>(models.size());
        for (int i = 0; i < models.size(); i++) {
            JsonNode m = models.get(i);
            if (!m.isTextual() || m.asText().isBlank()) throw new MalformedJsonException("'models' must be an array of model ids");
            out.add(limits.check("models[" + i + "]", m.asText()));
        }
        return out;
    }

    @Override
    public String model() {
        return model;
    }

    /** The models to try, in order: {@code model}, then each of {@code models} not already named. */
    public List<String> models() {
        return models;
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
        // The common case edits the client's text: model replaced and, for a stream, stream_options added.
        if (!tree.has("models") && !(stream && tree.has("stream_options"))) {
            byte[] edited = ClientRequest.withModel(body, tree, upstreamModel);
            return stream ? JsonSplice.append(edited, "stream_options", INCLUDE_USAGE) : edited;
        }
        // Only top-level members change (and stream_options, copied before its edit), so a shallow
        // copy is enough: messages are shared with the client's tree, never written.
        ObjectNode copy = tree.objectNode();
        copy.setAll(tree);
        copy.put("model", upstreamModel);
        copy.remove("models"); // the gateway's to act on; OpenAI refuses fields it does not know
        if (stream) {
            JsonNode options = copy.get("stream_options");
            ObjectNode streamOptions = options instanceof ObjectNode o ? o.deepCopy() : copy.objectNode();
            streamOptions.put("include_usage", true);
            copy.set("stream_options", streamOptions);
        }
        return Json.bytes(copy);
    }

    /** A body for an OpenAI-wire upstream and the client fields that upstream refused (removed). */
    public record ForUpstream(byte[] body, List<String> dropped) {
        public ForUpstream {
            dropped = List.copyOf(dropped);
        }
    }

    /**
     * The body for an upstream of this dialect: as {@link #forUpstream(String)} when the upstream
     * takes the request as it is (the common case, which edits only the client's text), else a
     * shallow copy edited by the dialect, with the names of the fields it removed.
     */
    public ForUpstream forUpstream(String upstreamModel, OpenAiDialect dialect) {
        // The plain path asks a stream for its usage, which an upstream without stream_options refuses.
        if (dialect.takesAsIs(tree) && (dialect.streamUsage() || !stream)) {
            return new ForUpstream(forUpstream(upstreamModel), List.of());
        }
        ObjectNode copy = tree.objectNode();
        copy.setAll(tree);
        copy.put("model", upstreamModel);
        copy.remove("models");
        List<String> dropped = new ArrayList<>();
        dialect.apply(copy, dropped);
        if (stream && dialect.streamUsage()) {
            JsonNode options = copy.get("stream_options");
            ObjectNode streamOptions = options instanceof ObjectNode o ? o.deepCopy() : copy.objectNode();
            streamOptions.put("include_usage", true);
            copy.set("stream_options", streamOptions);
        }
        return new ForUpstream(Json.bytes(copy), dropped);
    }

    @Override
    public long estimatedTokens() {
        return ClientRequest.estimatedTokens(body.length, tree, List.of("max_completion_tokens", "max_tokens"));
    }

    @Override
    public List<String> outputLimitFields() {
        List<String> set = new ArrayList<>(2);
        for (String field : List.of("max_completion_tokens", "max_tokens")) if (tree.has(field)) set.add(field);
        return set.isEmpty() ? List.of("max_completion_tokens") : set;
    }

    @Override
    public ChatRequest withMembers(java.util.Map<String, JsonNode> members) {
        ObjectNode copy = ClientRequest.withMembers(tree, members);
        return new ChatRequest(Json.bytes(copy), copy, model, stream, clientWantsUsage, models);
    }

    /** A copy of the client's tree, less {@code models}, which the gateway has acted on. */
    @Override
    public ObjectNode tree() {
        ObjectNode copy = tree.deepCopy();
        copy.remove("models");
        return copy;
    }

    @Override
    public JsonNode asSent() {
        return tree;
    }
}
