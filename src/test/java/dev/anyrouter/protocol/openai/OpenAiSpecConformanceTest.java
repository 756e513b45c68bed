package dev.anyrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Fixtures;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.ModelReply;
import dev.anyrouter.protocol.ModelRequest;
import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.WireCodec;
import dev.anyrouter.protocol.anthropic.AnthropicCodec;
import dev.anyrouter.protocol.gemini.GeminiCodec;
import dev.anyrouter.protocol.sse.SseEvent;
import dev.anyrouter.spec.OpenAiSchemas;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the gateway renders on the OpenAI wire, from every other wire's payloads, conforms to OpenAI's spec. */
class OpenAiSpecConformanceTest {
    private final OpenAiCodec openai = new OpenAiCodec(OpenAiDialect.OPENAI);
    private final OpenAiSchemas oracle = OpenAiSchemas.get();

    private static WireCodec codecOf(String fixture) {
        return fixture.startsWith("anthropic/") ? new AnthropicCodec()
                : fixture.startsWith("gemini/") ? new GeminiCodec() : new OpenAiCodec(OpenAiDialect.OPENAI);
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic/response-text.json", "anthropic/response-tool-use.json", "anthropic/response-cached.json",
            "gemini/response-text.json", "gemini/response-parallel-function-calls.json", "openai/chat-response-parallel-tool-calls.json"})
    void translatedRepliesConform(String fixture) {
        ModelReply reply = codecOf(fixture).decodeReply(Fixtures.json(fixture));
        JsonNode rendered = openai.encodeReply(reply, 1_700_000_000L);
        assertThat(oracle.violations("CreateChatCompletionResponse", rendered)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic/stream-tool-use.sse", "anthropic/stream-thinking.sse", "gemini/stream-function-calls.sse",
            "gemini/stream-text.sse"})
    void translatedStreamChunksConform(String fixture) {
        List<StreamEvent> events = Fixtures.decode(codecOf(fixture), Fixtures.bytes(fixture));
        List<SseEvent> chunks = Fixtures.sse(Fixtures.encode(openai, events, true));
        assertThat(chunks).isNotEmpty();
        for (SseEvent chunk : chunks) {
            if (chunk.data().equals("[DONE]")) continue;
            assertThat(oracle.violations("CreateChatCompletionStreamResponse", Json.parse(chunk.data().getBytes())))
                    .as(chunk.data()).isEmpty();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic/request-claude-code.json", "anthropic/request-tool-round-trip.json"})
    void requestsSentToOpenAiUpstreamsConform(String fixture) {
        // top_k has no OpenAI equivalent and is refused (see the codec tests); the rest must conform.
        JsonNode tree = ((com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.json(fixture)).without("top_k");
        ModelRequest request = new AnthropicCodec().decodeRequest(tree);
        JsonNode body = openai.encodeRequest(request).body();
        assertThat(oracle.violations("CreateChatCompletionRequest", body)).isEmpty();
    }

    @org.junit.jupiter.api.Test
    void theOracleNoticesAMissingOrMistypedField() {
        ModelReply reply = new AnthropicCodec().decodeReply(Fixtures.json("anthropic/response-text.json"));
        com.fasterxml.jackson.databind.node.ObjectNode rendered = openai.encodeReply(reply, 1L);
        ((com.fasterxml.jackson.databind.node.ObjectNode) rendered.get("choices").get(0)).put("finish_reason", "done");
        rendered.remove("created");
        assertThat(oracle.violations("CreateChatCompletionResponse", rendered))
                .anySatisfy(p -> assertThat(p).contains("created"))
                .anySatisfy(p -> assertThat(p).contains("finish_reason"));
    }
}
