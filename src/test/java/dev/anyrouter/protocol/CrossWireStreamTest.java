package dev.anyrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.anthropic.AnthropicCodec;
import dev.anyrouter.protocol.gemini.GeminiCodec;
import dev.anyrouter.protocol.openai.OpenAiCodec;
import dev.anyrouter.protocol.openai.OpenAiDialect;
import dev.anyrouter.protocol.sse.SseEvent;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** Streams translated from one wire to another carry the same text, tool calls, stop reason and usage. */
class CrossWireStreamTest {
    private static final Map<String, WireCodec> CODECS = Map.of(
            "openai", new OpenAiCodec(OpenAiDialect.OPENAI), "anthropic", new AnthropicCodec(), "gemini", new GeminiCodec());

    static Stream<Arguments> translations() {
        List<Arguments> all = new ArrayList<>();
        for (String fixture : List.of("openai/chat-stream-parallel-tool-calls.sse", "openai/chat-stream-with-usage.sse",
                "anthropic/stream-tool-use.sse", "anthropic/stream-text.sse", "gemini/stream-function-calls.sse",
                "gemini/stream-text.sse")) {
            for (String target : List.of("openai", "anthropic", "gemini")) all.add(Arguments.of(fixture, target));
        }
        return all.stream();
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @MethodSource("translations")
    void contentToolCallsStopReasonAndUsageSurviveTranslation(String fixture, String target) {
        WireCodec source = CODECS.get(fixture.substring(0, fixture.indexOf('/')));
        WireCodec codec = CODECS.get(target);
        List<StreamEvent> neutral = Fixtures.decode(source, Fixtures.bytes(fixture));
        ModelReply expected = Fixtures.assemble(neutral);
        ModelReply translated = Fixtures.assemble(Fixtures.decode(codec, Fixtures.encode(codec, neutral, true)));
        assertThat(normalized(translated.content())).isEqualTo(normalized(expected.content()));
        assertThat(translated.stopReason()).isEqualTo(expected.stopReason());
        assertThat(translated.usage().inputTokens()).isEqualTo(expected.usage().inputTokens());
        assertThat(translated.usage().outputTokens()).isEqualTo(expected.usage().outputTokens());
        assertThat(translated.usage().cachedTokens()).isEqualTo(expected.usage().cachedTokens());
    }

    /** Arguments compared as JSON values: a wire that carries objects re-serialises their text. */
    private static List<Object> normalized(List<Part> parts) {
        List<Object> out = new ArrayList<>();
        for (Part p : parts) {
            if (p instanceof Part.ToolCall c) out.add(List.of(c.id(), c.name(), Json.parse(c.arguments().getBytes())));
            else out.add(p);
        }
        return out;
    }

    @Test
    void openAiParallelCallsBecomeAnthropicToolUseBlocksWithArgumentFragments() {
        List<StreamEvent> neutral = Fixtures.decode(CODECS.get("openai"), Fixtures.bytes("openai/chat-stream-parallel-tool-calls.sse"));
        byte[] anthropic = Fixtures.encode(CODECS.get("anthropic"), neutral, true);
        List<String> names = new ArrayList<>();
        List<JsonNode> data = new ArrayList<>();
        for (SseEvent e : Fixtures.sse(anthropic)) {
            names.add(e.event());
            data.add(Json.parse(e.data().getBytes()));
        }
        assertThat(names.getFirst()).isEqualTo("message_start");
        assertThat(names.subList(names.size() - 2, names.size())).containsExactly("message_delta", "message_stop");
        List<JsonNode> starts = data.stream().filter(d -> d.path("type").asText().equals("content_block_start")).toList();
        assertThat(starts).extracting(d -> d.path("index").asInt()).containsExactly(0, 1);
        assertThat(starts).extracting(d -> d.path("content_block").path("id").asText()).containsExactly("call_abc123", "call_def456");
        List<String> fragments = data.stream().filter(d -> d.path("delta").path("type").asText().equals("input_json_delta")
                && d.path("index").asInt() == 1).map(d -> d.path("delta").path("partial_json").asText()).toList();
        assertThat(fragments).containsExactly("{\"location\": \"Pa", "ris, France\"}");
        JsonNode delta = data.get(data.size() - 2);
        assertThat(delta.path("delta").path("stop_reason").asText()).isEqualTo("tool_use");
        assertThat(delta.path("usage").path("output_tokens").asLong()).isEqualTo(36);
        assertThat(delta.path("usage").path("input_tokens").asLong()).isEqualTo(82 - 64);
        assertThat(delta.path("usage").path("cache_read_input_tokens").asLong()).isEqualTo(64);
    }

    @Test
    void anthropicToolUseBecomesOpenAiToolCallsNumberedFromZeroWithUsageLast() {
        List<StreamEvent> neutral = Fixtures.decode(CODECS.get("anthropic"), Fixtures.bytes("anthropic/stream-tool-use.sse"));
        List<JsonNode> chunks = new ArrayList<>();
        for (SseEvent e : Fixtures.sse(Fixtures.encode(CODECS.get("openai"), neutral, true))) {
            if (!e.data().equals("[DONE]")) chunks.add(Json.parse(e.data().getBytes()));
        }
        List<JsonNode> calls = chunks.stream().flatMap(c -> {
            List<JsonNode> l = new ArrayList<>();
            c.path("choices").path(0).path("delta").path("tool_calls").forEach(l::add);
            return l.stream();
        }).toList();
        assertThat(calls.stream().filter(c -> c.has("id")).map(c -> c.path("index").asInt())).containsExactly(0, 1);
        assertThat(calls.stream().filter(c -> c.has("id")).map(c -> c.path("id").asText()))
                .containsExactly("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "toolu_02U2y2gK45rBnl3uOUsO8Vq7");
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.path("choices").path(0).path("finish_reason").asText()).isEqualTo("tool_calls");
        JsonNode usage = chunks.getLast().path("usage");
        assertThat(chunks.getLast().path("choices")).isEmpty();
        assertThat(usage.path("prompt_tokens").asLong()).isEqualTo(472 + 256);
        assertThat(usage.path("prompt_tokens_details").path("cached_tokens").asLong()).isEqualTo(256);
        assertThat(usage.path("completion_tokens").asLong()).isEqualTo(89);
    }

    @Test
    void anUpstreamErrorMidStreamBecomesTheClientWiresErrorEvent() {
        List<StreamEvent> neutral = Fixtures.decode(CODECS.get("anthropic"), Fixtures.bytes("anthropic/stream-overloaded.sse"));
        String openai = new String(Fixtures.encode(CODECS.get("openai"), neutral, true));
        assertThat(openai).contains("\"content\":\"Hel\"").contains("data: {\"error\":{\"message\":\"Overloaded\",\"type\":\"overloaded_error\"");
        assertThat(openai).doesNotContain("[DONE]");
    }
}
