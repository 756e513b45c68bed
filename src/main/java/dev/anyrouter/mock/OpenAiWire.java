package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The OpenAI REST wire ({@code Authorization: Bearer}): {@code GET /v1/models},
 * {@code GET /v1/models/{id}}, {@code POST /v1/chat/completions}, and OpenAI's error bodies
 * {@code {"error":{"message","type","param","code"}}}. Written from OpenAI's OpenAPI description.
 * Claims every request no other wire claims, so unknown paths get OpenAI's "Invalid URL" 404.
 */
final class OpenAiWire implements Wire {

    private record Model(String id, long created) {}

    /** Current OpenAI ids with the creation times OpenAI lists for them. */
    private static final List<Model> MODELS = List.of(
            new Model("gpt-4.1", 1744316542L),
            new Model("gpt-4.1-mini", 1744318173L),
            new Model("gpt-4.1-nano", 1744321707L),
            new Model("gpt-4o", 1715367049L),
            new Model("gpt-4o-mini", 1721172741L),
            new Model("o3", 1744225308L),
            new Model("o4-mini", 1744225351L),
            new Model("gpt-5", 1754425777L),
            new Model("gpt-5-mini", 1754425928L),
            new Model("gpt-5-nano", 1754426384L),
            new Model("text-embedding-3-small", 1705948997L),
            new Model("text-embedding-3-large", 1705953180L));

    private final JsonCodec json;
    private final Ids ids;
    private final OpenAiErrors errors;
    private final OpenAiChat chat;
    private final Buffer modelList;
    private final Map<String, Buffer> modelsById = new LinkedHashMap<>();

    OpenAiWire(JsonCodec json, Ids ids, OpenAiChat chat) {
        this.json = json;
        this.ids = ids;
        this.errors = new OpenAiErrors(json, ids);
        this.chat = chat;
        ObjectNode list = json.object().put("object", "list");
        ArrayNode data = list.putArray("data");
        for (Model model : MODELS) {
            ObjectNode entry = data.addObject()
                    .put("id", model.id())
                    .put("object", "model")
                    .put("created", model.created())
                    .put("owned_by", "openai");
            modelsById.put(model.id(), json.bytes(entry));
        }
        this.modelList = json.bytes(list);
    }

    @Override
    public boolean claims(HttpServerRequest request) {
        return true;
    }

    @Override
    public Call read(HttpServerRequest request, Buffer body) {
        String key = Wire.bearerKey(request);
        String path = request.path();
        HttpMethod method = request.method();
        if (method == HttpMethod.POST && path.equals("/v1/chat/completions")) {
            return chat.read(key, body);
        }
        if (method == HttpMethod.GET && path.equals("/v1/models")) {
            return new Call(key, null, false, null, (req, script) -> sendJson(req.response(), modelList));
        }
        if (method == HttpMethod.GET && path.startsWith("/v1/models/")) {
            String id = path.substring("/v1/models/".length());
            Buffer model = modelsById.get(id);
            return model == null
                    ? Call.refused(key, id, false, new Refusal.Invalid(404,
                            "The model '" + id + "' does not exist", "model", "model_not_found"))
                    : new Call(key, id, false, null, (req, script) -> sendJson(req.response(), model));
        }
        return Call.refused(key, null, false,
                new Refusal.Invalid(404, "Invalid URL (" + method.name() + " " + path + ")", null, null));
    }

    @Override
    public void refuse(HttpServerResponse response, Refusal refusal) {
        errors.refuse(response, refusal);
    }

    /** Headers OpenAI puts on every answer. */
    static void stamp(HttpServerResponse response, Ids ids) {
        response.putHeader("x-request-id", "req_" + ids.hex(32))
                .putHeader("openai-version", "2020-10-01")
                .putHeader("openai-processing-ms", "1");
    }

    private void sendJson(HttpServerResponse response, Buffer body) {
        stamp(response, ids);
        response.putHeader("content-type", "application/json").end(body);
    }
}
