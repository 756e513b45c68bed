package dev.anyrouter.protocol.anthropic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Fixtures;
import dev.anyrouter.protocol.ImageSource;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.ModelReply;
import dev.anyrouter.protocol.ModelRequest;
import dev.anyrouter.protocol.Part;
import dev.anyrouter.protocol.StopReason;
import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.ToolChoice;
import dev.anyrouter.protocol.UnsupportedFieldException;
import dev.anyrouter.protocol.Usage;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class AnthropicCodecTest {
    private final AnthropicCodec codec = new AnthropicCodec();

    @Test
    void decodesWhatClaudeCodeSends() {
        ModelRequest r = codec.decodeRequest(Fixtures.json("anthropic/request-claude-code.json"));
        assertThat(r.system()).hasSize(2);
        assertThat(r.system().getFirst().text()).startsWith("You are Claude Code");
        assertThat(r.tools()).extracting(t -> t.name()).containsExactly("Bash", "Read");
        assertThat(r.tools().getFirst().parameters().path("required").get(0).asText()).isEqualTo("command");
        assertThat(r.user()).isEqualTo("user_2f1c0e_account__session_8d7e");
        assertThat(r.reasoning().budgetTokens()).isEqualTo(31999);
        assertThat(r.maxTokens()).isEqualTo(32000);
        assertThat(r.stream()).isTrue();
        // Cache breakpoints cannot cross to another wire: dropped, and said so.
        assertThat(r.dropped()).containsExactly("cache_control");
    }

    @Test
    void decodesImagesParallelToolCallsAndTheirResults() {
        ModelRequest r = codec.decodeRequest(Fixtures.json("anthropic/request-tool-round-trip.json"));
        assertThat(r.systemText()).isEqualTo("You are a weather assistant.");
        List<Part> user = r.messages().get(0).parts();
        assertThat(user.get(0)).isEqualTo(new Part.Image(new ImageSource.Base64("image/png",
                "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")));
        assertThat(user.get(1)).isEqualTo(new Part.Image(new ImageSource.Url(
                "https://upload.wikimedia.org/wikipedia/commons/a/a7/Camponotus_flavomarginatus_ant.jpg")));
        assertThat(r.messages().get(1).parts()).containsExactly(
                new Part.Text("I'll check both cities."),
                new Part.ToolCall("toolu_01A09q90qw90lq917835lq9", "get_weather", "{\"location\":\"San Francisco, CA\"}"),
                new Part.ToolCall("toolu_01B18r81rx81mr826724mr8", "get_weather", "{\"location\":\"New York, NY\",\"unit\":\"fahrenheit\"}"));
        assertThat(r.messages().get(2).parts()).containsExactly(
                new Part.ToolResult("toolu_01A09q90qw90lq917835lq9", List.of(new Part.Text("15 degrees")), false),
                new Part.ToolResult("toolu_01B18r81rx81mr826724mr8", List.of(new Part.Text("service unavailable")), true));
        assertThat(r.toolChoice()).isEqualTo(new ToolChoice.Auto());
        assertThat(r.parallelToolCalls()).isNull();
        assertThat(r.sampling().temperature()).isEqualTo(0.5);
        assertThat(r.sampling().topK()).isEqualTo(40);
        assertThat(r.stop()).containsExactly("\n\nHuman:");
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic/request-claude-code.json", "anthropic/request-tool-round-trip.json"})
    void reencodedRequestsDecodeToTheSameNeutralRequest(String fixture) {
        ModelRequest once = codec.decodeRequest(Fixtures.json(fixture));
        JsonNode encoded = codec.encodeRequest(once).body();
        ModelRequest twice = codec.decodeRequest(encoded);
        assertThat(twice).usingRecursiveComparison().ignoringFields("dropped").isEqualTo(once);
        assertThat(encoded.toString()).doesNotContain("cache_control");
    }

    @Test
    void neverAddsACacheBreakpointAndTurnsParallelOffWhenAsked() {
        ModelRequest r = codec.decodeRequest(Json.parse("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}],
                 "tools":[{"name":"t","input_schema":{"type":"object"}}],
                 "tool_choice":{"type":"any","disable_parallel_tool_use":true}}""".getBytes()));
        assertThat(r.toolChoice()).isEqualTo(new ToolChoice.Required());
        assertThat(r.parallelToolCalls()).isFalse();
        JsonNode body = codec.encodeRequest(r).body();
        assertThat(body.path("tool_choice").path("type").asText()).isEqualTo("any");
        assertThat(body.path("tool_choice").path("disable_parallel_tool_use").asBoolean()).isTrue();
        assertThat(body.toString()).doesNotContain("cache_control");
    }

    @Test
    void refusesServerToolsNamingThem() {
        assertThatThrownBy(() -> codec.decodeRequest(Json.parse("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":"hi"}],
                 "tools":[{"type":"web_search_20250305","name":"web_search"}]}""".getBytes())))
                .isInstanceOf(UnsupportedFieldException.class)
                .hasMessageContaining("tools[0]").hasMessageContaining("web_search_20250305");
    }

    @Test
    void decodesReplyTextToolCallsAndStopReasons() {
        ModelReply text = codec.decodeReply(Fixtures.json("anthropic/response-text.json"));
        assertThat(text.content()).containsExactly(new Part.Text("Hi! My name is Claude."));
        assertThat(text.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(text.usage()).isEqualTo(new Usage(2095, 503, 0, 0, 0));

        ModelReply tools = codec.decodeReply(Fixtures.json("anthropic/response-tool-use.json"));
        assertThat(tools.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(tools.content()).filteredOn(Part.ToolCall.class::isInstance).hasSize(2);
    }

    @Test
    void countsCacheReadsAndWritesIntoTheNeutralInputAndBackOut() {
        ModelReply reply = codec.decodeReply(Fixtures.json("anthropic/response-cached.json"));
        assertThat(reply.usage()).isEqualTo(new Usage(21 + 188086 + 1200, 393, 1200, 188086, 0));
        assertThat(reply.stopReason()).isEqualTo(StopReason.STOP_SEQUENCE);
        assertThat(reply.stopSequence()).isEqualTo("\n\nHuman:");
        JsonNode usage = codec.encodeReply(reply, 0).path("usage");
        assertThat(usage.path("input_tokens").asLong()).isEqualTo(21);
        assertThat(usage.path("cache_read_input_tokens").asLong()).isEqualTo(1200);
        assertThat(usage.path("cache_creation_input_tokens").asLong()).isEqualTo(188086);
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic/response-text.json", "anthropic/response-tool-use.json", "anthropic/response-cached.json"})
    void reencodedRepliesDecodeToTheSameReply(String fixture) {
        ModelReply once = codec.decodeReply(Fixtures.json(fixture));
        assertThat(codec.decodeReply(codec.encodeReply(once, 0))).isEqualTo(once);
    }

    @Test
    void streamsToolCallArgumentsByBlockWithUsageAtTheEnd() {
        List<StreamEvent> events = Fixtures.decode(codec, Fixtures.bytes("anthropic/stream-tool-use.sse"));
        ModelReply reply = Fixtures.assemble(events);
        assertThat(reply.content()).containsExactly(
                new Part.Text("Okay, let's check the weather in both cities:"),
                new Part.ToolCall("toolu_01T1x1fJ34qAmk2tNTrN7Up6", "get_weather", "{\"location\": \"San Francisco, CA\"}"),
                new Part.ToolCall("toolu_02U2y2gK45rBnl3uOUsO8Vq7", "get_weather", "{\"location\": \"New York, NY\", \"unit\": \"fahrenheit\"}"));
        assertThat(reply.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(reply.usage()).isEqualTo(new Usage(472 + 256, 89, 256, 0, 0));
        assertThat(events.getLast()).isInstanceOf(StreamEvent.End.class);
    }

    @Test
    void countsTheWebSearchesAnAnswerOrAStreamReportsAndTheSearchesOfAStreamCutBeforeItsUsage() {
        JsonNode answer = Fixtures.json("anthropic/response-web-search.json");
        assertThat(AnthropicReplies.usage(answer.get("usage")).webSearches()).isEqualTo(2);
        assertThat(AnthropicReplies.usage(Json.parse("{\"input_tokens\":5,\"output_tokens\":1,\"server_tool_use\":null}".getBytes(java.nio.charset.StandardCharsets.UTF_8)))
                .webSearches()).isZero();

        List<dev.anyrouter.protocol.sse.SseEvent> stream = Fixtures.sse(Fixtures.bytes("anthropic/stream-web-search.sse"));
        AnthropicStreamDecoder whole = new AnthropicStreamDecoder();
        stream.forEach(whole::accept);
        assertThat(whole.usageFinal()).isTrue();
        assertThat(whole.usage()).isEqualTo(new Usage(6039, 931, 0, 0, 0, 2));

        // Cut after the second search's result, before message_delta: the searches seen are still counted.
        AnthropicStreamDecoder cut = new AnthropicStreamDecoder();
        int lastResult = 0;
        for (int i = 0; i < stream.size(); i++) if (stream.get(i).data().contains("\"web_search_tool_result\"")) lastResult = i;
        stream.subList(0, lastResult + 1).forEach(cut::accept);
        assertThat(cut.usageFinal()).isFalse();
        assertThat(cut.usage().webSearches()).isEqualTo(2);
        assertThat(cut.usage().inputTokens()).as("the prompt side message_start stated").isEqualTo(2679);
    }

    @Test
    void streamsThinkingWithItsSignature() {
        ModelReply reply = Fixtures.assemble(Fixtures.decode(codec, Fixtures.bytes("anthropic/stream-thinking.sse")));
        assertThat(reply.content().getFirst()).isInstanceOfSatisfying(Part.Thinking.class, t -> {
            assertThat(t.text()).contains("GCD is 21");
            assertThat(t.signature()).startsWith("EqQBCgIYAhIM");
        });
        assertThat(reply.content().get(1)).isEqualTo(new Part.Text("The greatest common divisor of 1071 and 462 is **21**."));
    }

    @Test
    void aMidStreamErrorBecomesAFailureAndTheStreamIsIncomplete() {
        AnthropicStreamDecoder decoder = new AnthropicStreamDecoder();
        List<StreamEvent> events = new java.util.ArrayList<>();
        Fixtures.sse(Fixtures.bytes("anthropic/stream-overloaded.sse")).forEach(e -> events.addAll(decoder.accept(e)));
        assertThat(events.getLast()).isEqualTo(new StreamEvent.Failure("overloaded_error", "Overloaded"));
        assertThat(decoder.completed()).isFalse();
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic/stream-text.sse", "anthropic/stream-tool-use.sse", "anthropic/stream-thinking.sse"})
    void reencodedStreamsDecodeToTheSameEvents(String fixture) {
        List<StreamEvent> once = Fixtures.decode(codec, Fixtures.bytes(fixture));
        byte[] encoded = Fixtures.encode(codec, once, true);
        assertThat(new String(encoded)).contains("event: message_start\n", "event: message_stop\n");
        assertThat(Fixtures.decode(codec, encoded)).isEqualTo(once);
    }
}
