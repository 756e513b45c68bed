package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The models the Gemini wire lists ({@code GET /v1beta/models}) and describes
 * ({@code GET /v1beta/models/{id}}), with the limits and methods Google lists for them. The
 * embedding model is there because real lists mix them in: a gateway must filter on
 * {@code supportedGenerationMethods}.
 */
final class GeminiModels {

    private record Model(String id, String version, String displayName, String description, int inputTokenLimit,
            int outputTokenLimit, List<String> methods, int topK, boolean thinking) {}

    private static final List<String> GENERATE =
            List.of("generateContent", "countTokens", "createCachedContent", "batchGenerateContent");

    private static final List<Model> MODELS = List.of(
            new Model("gemini-2.5-pro", "2.5", "Gemini 2.5 Pro", "Stable release (June 17th, 2025) of Gemini 2.5 Pro",
                    1_048_576, 65_536, GENERATE, 64, true),
            new Model("gemini-2.5-flash", "001", "Gemini 2.5 Flash", "Stable version of Gemini 2.5 Flash, our mid-size "
                    + "multimodal model that supports up to 1 million tokens, released in June of 2025.",
                    1_048_576, 65_536, GENERATE, 64, true),
            new Model("gemini-2.5-flash-lite", "001", "Gemini 2.5 Flash-Lite",
                    "Stable version of Gemini 2.5 Flash-Lite, released in July of 2025", 1_048_576, 65_536, GENERATE, 64, true),
            new Model("gemini-2.0-flash", "2.0", "Gemini 2.0 Flash", "Gemini 2.0 Flash", 1_048_576, 8_192, GENERATE, 40, false),
            new Model("gemini-2.0-flash-lite", "2.0", "Gemini 2.0 Flash-Lite", "Gemini 2.0 Flash-Lite",
                    1_048_576, 8_192, GENERATE, 40, false),
            new Model("gemini-embedding-001", "001", "Gemini Embedding 001", "Obtain a distributed representation of a text.",
                    2_048, 1, List.of("embedContent", "countTextTokens", "countTokens", "asyncBatchEmbedContent"), 0, false));

    private final Buffer list;
    private final Map<String, Buffer> byId = new HashMap<>();

    GeminiModels(JsonCodec json, GoogleJson google) {
        ObjectNode root = json.object();
        ArrayNode models = root.putArray("models");
        for (Model model : MODELS) {
            ObjectNode entry = models.addObject()
                    .put("name", "models/" + model.id())
                    .put("version", model.version())
                    .put("displayName", model.displayName())
                    .put("description", model.description())
                    .put("inputTokenLimit", model.inputTokenLimit())
                    .put("outputTokenLimit", model.outputTokenLimit());
            ArrayNode methods = entry.putArray("supportedGenerationMethods");
            model.methods().forEach(methods::add);
            if (model.topK() > 0) {
                entry.put("temperature", 1).put("topP", 0.95).put("topK", model.topK()).put("maxTemperature", 2);
            }
            if (model.thinking()) {
                entry.put("thinking", true);
            }
            byId.put(model.id(), google.indented(entry));
        }
        this.list = google.indented(root);
    }

    /** The body of {@code GET /v1beta/models}. */
    Buffer list() {
        return list;
    }

    /** The body of {@code GET /v1beta/models/{id}}, or {@code null} for a model not listed. */
    Buffer get(String id) {
        return byId.get(id);
    }
}
