package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.core.buffer.Buffer;

/**
 * Azure OpenAI's content-filter annotations, from its documentation ("Content filtering" and the
 * chat completions reference): a whole answer carries {@code prompt_filter_results} and a
 * {@code content_filter_results} on each choice; a stream opens with a chunk of empty
 * {@code choices}, empty {@code id} and {@code model} and the {@code prompt_filter_results}, before
 * the first real chunk.
 */
final class AzureFilters {
    private static final String[] CATEGORIES = {"hate", "self_harm", "sexual", "violence"};

    private AzureFilters() {}

    static void annotate(JsonCodec json, ObjectNode answer) {
        answer.putArray("prompt_filter_results").addObject().put("prompt_index", 0).set("content_filter_results", results(json));
        answer.withArray("choices").forEach(choice -> ((ObjectNode) choice).set("content_filter_results", results(json)));
    }

    static SseFrames stream(JsonCodec json, SseFrames openAi) {
        ObjectNode opening = json.object();
        opening.putArray("choices");
        opening.put("created", 0).put("id", "").put("model", "").put("object", "");
        opening.putArray("prompt_filter_results").addObject().put("prompt_index", 0).set("content_filter_results", results(json));
        Buffer first = Buffer.buffer("data: ").appendBuffer(json.bytes(opening)).appendString("\n\n");
        return new SseFrames() {
            @Override
            public int count() {
                return openAi.count() + 1;
            }

            @Override
            public Buffer frame(int index) {
                return index == 0 ? first : openAi.frame(index - 1);
            }

            @Override
            public Buffer terminator() {
                return openAi.terminator();
            }

            @Override
            public Buffer error(String message) {
                return openAi.error(message);
            }
        };
    }

    private static ObjectNode results(JsonCodec json) {
        ObjectNode results = json.object();
        for (String category : CATEGORIES) results.putObject(category).put("filtered", false).put("severity", "safe");
        return results;
    }
}
