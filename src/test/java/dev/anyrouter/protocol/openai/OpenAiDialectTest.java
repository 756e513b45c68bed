package dev.anyrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.ModelRequest;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one place the catalog's OpenAI-wire quirks are applied, to passed-through and translated requests. */
class OpenAiDialectTest {
    private static final OpenAiDialect MAX_COMPLETION = new OpenAiDialect("max_completion_tokens", true, List.of());
    private static final OpenAiDialect MAX_TOKENS = new OpenAiDialect("max_tokens", true, List.of());
    private static final OpenAiDialect NO_STREAM_OPTIONS = new OpenAiDialect(null, false, List.of());
    private static final OpenAiDialect REFUSES = new OpenAiDialect(null, true, List.of("parallel_tool_calls", "store"));
    private static final OpenAiDialect NINE_CHAR_IDS = new OpenAiDialect(null, true, List.of(), 9);
    private static final String TOOL_LOOP = "{\"model\":\"x\",\"messages\":[{\"role\":\"user\",\"content\":\"weather?\"},"
            + "{\"role\":\"assistant\",\"content\":null,\"tool_calls\":["
            + "{\"id\":\"call_Pw3vXq81LmNa0zYt\",\"type\":\"function\",\"function\":{\"name\":\"w\",\"arguments\":\"{}\"}},"
            + "{\"id\":\"Ab3De6Gh9\",\"type\":\"function\",\"function\":{\"name\":\"w\",\"arguments\":\"{}\"}}]},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"call_Pw3vXq81LmNa0zYt\",\"content\":\"sunny\"},"
            + "{\"role\":\"tool\",\"tool_call_id\":\"Ab3De6Gh9\",\"content\":\"rain\"}]}";

    private static ChatRequest request(String json) {
        return ChatRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    private static JsonNode body(ChatRequest.ForUpstream shaped) {
        return Json.parse(shaped.body());
    }

    @Test
    void aCompatibleUpstreamGetsTheClientsTextWithOnlyTheModelReplaced() {
        String sent = "{\"model\":\"x\",\"max_tokens\":5,\"store\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}";
        ChatRequest.ForUpstream shaped = request(sent).forUpstream("up", OpenAiDialect.COMPATIBLE);

        assertThat(new String(shaped.body(), StandardCharsets.UTF_8)).isEqualTo(sent.replace("\"x\"", "\"up\""));
        assertThat(shaped.dropped()).isEmpty();
    }

    @Test
    void theOutputCapIsRenamedToTheOneNameTheUpstreamTakes() {
        ChatRequest.ForUpstream toCompletion = request("{\"model\":\"x\",\"max_tokens\":7,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .forUpstream("up", MAX_COMPLETION);
        assertThat(body(toCompletion).path("max_completion_tokens").asInt()).isEqualTo(7);
        assertThat(body(toCompletion).has("max_tokens")).isFalse();
        assertThat(toCompletion.dropped()).as("a rename drops nothing").isEmpty();

        ChatRequest.ForUpstream toTokens = request("{\"model\":\"x\",\"max_completion_tokens\":9,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .forUpstream("up", MAX_TOKENS);
        assertThat(body(toTokens).path("max_tokens").asInt()).isEqualTo(9);
        assertThat(body(toTokens).has("max_completion_tokens")).isFalse();

        ChatRequest.ForUpstream both = request("{\"model\":\"x\",\"max_tokens\":3,\"max_completion_tokens\":4,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .forUpstream("up", MAX_COMPLETION);
        assertThat(body(both).path("max_completion_tokens").asInt()).as("the upstream's own name wins").isEqualTo(4);
        assertThat(body(both).has("max_tokens")).isFalse();
    }

    @Test
    void refusedFieldsAreRemovedAndNamedOnce() {
        ChatRequest.ForUpstream shaped = request("{\"model\":\"x\",\"store\":true,\"parallel_tool_calls\":false,"
                + "\"temperature\":0.2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").forUpstream("up", REFUSES);

        assertThat(body(shaped).has("store")).isFalse();
        assertThat(body(shaped).has("parallel_tool_calls")).isFalse();
        assertThat(body(shaped).path("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body(shaped).path("model").asText()).isEqualTo("up");
        assertThat(shaped.dropped()).containsExactly("parallel_tool_calls", "store");
    }

    @Test
    void anUpstreamThatRefusesStreamOptionsIsNeverSentThem() {
        ChatRequest.ForUpstream plain = request("{\"model\":\"x\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .forUpstream("up", NO_STREAM_OPTIONS);
        assertThat(body(plain).has("stream_options")).as("the gateway does not ask for the usage chunk").isFalse();
        assertThat(plain.dropped()).isEmpty();

        ChatRequest.ForUpstream clients = request("{\"model\":\"x\",\"stream\":true,\"stream_options\":{\"include_usage\":true},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").forUpstream("up", NO_STREAM_OPTIONS);
        assertThat(body(clients).has("stream_options")).isFalse();
        assertThat(clients.dropped()).containsExactly("stream_options");

        ChatRequest.ForUpstream compatible = request("{\"model\":\"x\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}")
                .forUpstream("up", OpenAiDialect.COMPATIBLE);
        assertThat(body(compatible).path("stream_options").path("include_usage").asBoolean()).isTrue();
    }

    @Test
    void theClientsTreeIsNeverEdited() {
        ChatRequest req = request("{\"model\":\"x\",\"max_tokens\":7,\"store\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        req.forUpstream("up", new OpenAiDialect("max_completion_tokens", false, List.of("store")));

        assertThat(req.tree().path("max_tokens").asInt()).isEqualTo(7);
        assertThat(req.tree().path("store").asBoolean()).isTrue();
        assertThat(req.tree().path("model").asText()).isEqualTo("x");
    }

    @Test
    void aTranslatedRequestIsShapedTheSameWay() {
        OpenAiCodec anthropicToQuirky = new OpenAiCodec(new OpenAiDialect("max_completion_tokens", false, List.of("parallel_tool_calls")));
        ModelRequest neutral = new OpenAiCodec(OpenAiDialect.OPENAI).decodeRequest((com.fasterxml.jackson.databind.node.ObjectNode) Json.parse(
                ("{\"model\":\"m\",\"stream\":true,\"max_tokens\":11,\"parallel_tool_calls\":true,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8)));
        var encoded = anthropicToQuirky.encodeRequest(neutral);

        assertThat(encoded.body().path("max_completion_tokens").asInt()).isEqualTo(11);
        assertThat(encoded.body().has("max_tokens")).isFalse();
        assertThat(encoded.body().has("stream_options")).isFalse();
        assertThat(encoded.body().has("parallel_tool_calls")).isFalse();
        assertThat(encoded.dropped()).contains("parallel_tool_calls").doesNotContain("stream_options");
    }

    @Test
    void toolCallIdsOfAnotherShapeAreRewrittenInPairsAndFittingOnesKept() {
        ChatRequest req = request(TOOL_LOOP);
        ChatRequest.ForUpstream shaped = req.forUpstream("up", NINE_CHAR_IDS);
        JsonNode messages = body(shaped).path("messages");

        String call = messages.path(1).path("tool_calls").path(0).path("id").asText();
        assertThat(call).matches("[A-Za-z0-9]{9}");
        assertThat(messages.path(2).path("tool_call_id").asText()).as("the answer still names its call").isEqualTo(call);
        assertThat(messages.path(1).path("tool_calls").path(1).path("id").asText()).as("an id that fits is kept").isEqualTo("Ab3De6Gh9");
        assertThat(messages.path(3).path("tool_call_id").asText()).isEqualTo("Ab3De6Gh9");
        assertThat(messages.path(0)).isEqualTo(req.tree().path("messages").path(0));
        assertThat(shaped.dropped()).as("a rewrite keeps the meaning: nothing dropped").isEmpty();
        assertThat(req.tree().path("messages").path(2).path("tool_call_id").asText()).as("the client's tree is untouched")
                .isEqualTo("call_Pw3vXq81LmNa0zYt");
        assertThat(body(request(TOOL_LOOP).forUpstream("up", NINE_CHAR_IDS)).path("messages").path(1).path("tool_calls").path(0)
                .path("id").asText()).as("the same id, the same rewrite, request after request").isEqualTo(call);

        String fitting = TOOL_LOOP.replace("call_Pw3vXq81LmNa0zYt", "Zz9Yy8Xx7");
        assertThat(new String(request(fitting).forUpstream("up", NINE_CHAR_IDS).body(), StandardCharsets.UTF_8))
                .as("ids that all fit leave the client's text as it was").isEqualTo(fitting.replace("\"x\"", "\"up\""));
        assertThat(body(request(TOOL_LOOP).forUpstream("up", OpenAiDialect.COMPATIBLE)).path("messages").path(2)
                .path("tool_call_id").asText()).as("an upstream that takes any id gets the client's").isEqualTo("call_Pw3vXq81LmNa0zYt");
    }

    @Test
    void aTranslatedToolLoopGetsFittedIdsToo() {
        ModelRequest neutral = new OpenAiCodec(OpenAiDialect.OPENAI).decodeRequest((com.fasterxml.jackson.databind.node.ObjectNode)
                Json.parse(TOOL_LOOP.replace("call_Pw3vXq81LmNa0zYt", "toolu_01A09q90qw90lq917835lq9").getBytes(StandardCharsets.UTF_8)));
        JsonNode messages = new OpenAiCodec(NINE_CHAR_IDS).encodeRequest(neutral).body().path("messages");

        String call = messages.path(1).path("tool_calls").path(0).path("id").asText();
        assertThat(call).matches("[A-Za-z0-9]{9}").isNotEqualTo("toolu_01A");
        assertThat(messages.path(2).path("tool_call_id").asText()).isEqualTo(call);
    }
}
