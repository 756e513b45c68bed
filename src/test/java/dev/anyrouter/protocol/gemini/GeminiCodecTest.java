package dev.anyrouter.protocol.gemini;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Fixtures;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.ModelReply;
import dev.anyrouter.protocol.ModelRequest;
import dev.anyrouter.protocol.Part;
import dev.anyrouter.protocol.StopReason;
import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.UnsupportedFieldException;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.anthropic.AnthropicCodec;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class GeminiCodecTest {
    private final GeminiCodec codec = new GeminiCodec();

    @Test
    void decodesARequestPairingIdlessResponsesWithTheirCallsInOrder() {
        ModelRequest r = codec.decodeRequest(Fixtures.json("gemini/request-tools.json"), "gemini-2.5-flash", false);
        List<Part> calls = r.messages().get(1).parts();
        List<Part> results = r.messages().get(2).parts();
        assertThat(calls).hasSize(2).allMatch(Part.ToolCall.class::isInstance);
        String first = ((Part.ToolCall) calls.get(0)).id();
        String second = ((Part.ToolCall) calls.get(1)).id();
        assertThat(first).isNotEqualTo(second).startsWith("call_");
        assertThat(results).containsExactly(new Part.ToolResult(first, List.of(new Part.Text("22 degrees")), false),
                new Part.ToolResult(second, List.of(new Part.Text("station offline")), true));
        assertThat(r.reasoning().budgetTokens()).isEqualTo(1024);
        assertThat(r.sampling().topK()).isEqualTo(32);
    }

    @Test
    void reencodedRequestsDecodeToTheSameNeutralRequestAndKeepIds() {
        ModelRequest once = codec.decodeRequest(Fixtures.json("gemini/request-tools.json"), "gemini-2.5-flash", false);
        JsonNode encoded = codec.encodeRequest(once).body();
        assertThat(encoded.path("tools").get(0).path("functionDeclarations").get(0).has("parametersJsonSchema")).isTrue();
        assertThat(codec.decodeRequest(encoded, "gemini-2.5-flash", false)).isEqualTo(once);
    }

    @Test
    void aToolResultForAnUnknownCallIsRefusedSinceGeminiNeedsTheName() {
        ModelRequest fromAnthropic = new AnthropicCodec().decodeRequest(Json.parse("""
                {"model":"m","max_tokens":10,"messages":[{"role":"user","content":[
                  {"type":"tool_result","tool_use_id":"toolu_1","content":"x"}]}]}""".getBytes()));
        assertThatThrownBy(() -> codec.encodeRequest(fromAnthropic))
                .isInstanceOf(UnsupportedFieldException.class).hasMessageContaining("toolu_1");
    }

    @Test
    void countsThoughtsAsOutputAndCachedContentAsInput() {
        ModelReply reply = codec.decodeReply(Fixtures.json("gemini/response-text.json"));
        assertThat(reply.usage()).isEqualTo(new Usage(12, 19 + 100, 4, 0, 100));
        assertThat(reply.content().getFirst()).isInstanceOf(Part.Thinking.class);
        assertThat(reply.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(reply.id()).isEqualTo("ZlDqaJqGLYmFkdUP-vL5qQ4");
    }

    @Test
    void functionCallsThatFinishWithStopAreToolUseWithStableDistinctIds() {
        ModelReply reply = codec.decodeReply(Fixtures.json("gemini/response-parallel-function-calls.json"));
        assertThat(reply.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(reply.content()).hasSize(2);
        Part.ToolCall a = (Part.ToolCall) reply.content().get(0);
        Part.ToolCall b = (Part.ToolCall) reply.content().get(1);
        assertThat(a.id()).isNotEqualTo(b.id()).matches("call_[0-9a-f]{24}");
        assertThat(a.arguments()).isEqualTo("{\"location\":\"Boston, MA\"}");
        ModelReply again = codec.decodeReply(Fixtures.json("gemini/response-parallel-function-calls.json"));
        assertThat(again.content()).isEqualTo(reply.content());
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini/response-text.json", "gemini/response-parallel-function-calls.json"})
    void reencodedRepliesDecodeToTheSameReply(String fixture) {
        ModelReply once = codec.decodeReply(Fixtures.json(fixture));
        assertThat(codec.decodeReply(codec.encodeReply(once, 0))).isEqualTo(once);
    }

    @Test
    void streamsWithCrlfSeparatorsEndAtTheFinishReason() {
        List<StreamEvent> events = Fixtures.decode(codec, Fixtures.bytes("gemini/stream-text.sse"));
        ModelReply reply = Fixtures.assemble(events);
        assertThat(reply.content()).containsExactly(new Part.Text("The quick brown fox jumps over the lazy dog."));
        assertThat(reply.usage()).isEqualTo(new Usage(8, 11, 0));
        assertThat(events).filteredOn(StreamEvent.TextDelta.class::isInstance).hasSize(3);
        assertThat(events.getLast()).isInstanceOf(StreamEvent.End.class);
    }

    @Test
    void streamedFunctionCallsGetTheSameIdsAsAnswerWouldAndToolUse() {
        ModelReply reply = Fixtures.assemble(Fixtures.decode(codec, Fixtures.bytes("gemini/stream-function-calls.sse")));
        assertThat(reply.content().getFirst()).isEqualTo(new Part.Text("Let me check both."));
        assertThat(reply.content()).filteredOn(Part.ToolCall.class::isInstance).hasSize(2)
                .allSatisfy(p -> assertThat(((Part.ToolCall) p).id()).startsWith("call_"));
        assertThat(reply.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(reply.usage()).isEqualTo(new Usage(74, 75, 0, 0, 50));
    }

    @ParameterizedTest
    @ValueSource(strings = {"gemini/stream-text.sse", "gemini/stream-function-calls.sse"})
    void reencodedStreamsAssembleToTheSameReply(String fixture) {
        List<StreamEvent> once = Fixtures.decode(codec, Fixtures.bytes(fixture));
        byte[] encoded = Fixtures.encode(codec, once, true);
        assertThat(new String(encoded)).contains("\r\n\r\n");
        assertThat(Fixtures.assemble(Fixtures.decode(codec, encoded))).isEqualTo(Fixtures.assemble(once));
    }
}
