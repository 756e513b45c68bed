package dev.anyrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Fixtures;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.StopReason;
import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.StreamEvent.BlockKind;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.WireCodec;
import dev.anyrouter.protocol.anthropic.AnthropicCodec;
import dev.anyrouter.protocol.gemini.GeminiCodec;
import dev.anyrouter.spec.ResponsesFixtures;
import dev.anyrouter.spec.ResponsesStreamRules;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** Streams of every upstream wire, written as Responses events: spec shapes, order and whole items. */
class ResponsesStreamEncoderTest {
    private static WireCodec codecOf(String fixture) {
        return fixture.startsWith("anthropic/") ? new AnthropicCodec()
                : fixture.startsWith("gemini/") ? new GeminiCodec() : new OpenAiCodec(OpenAiDialect.OPENAI);
    }

    private static List<ResponsesFixtures.Event> encode(JsonNode request, List<StreamEvent> events) {
        WireCodec.StreamEncoder encoder = ResponsesCodec.forRequest(request, Set.of("web_search")).streamEncoder(1_700_000_000L, true);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (StreamEvent e : events) out.writeBytes(encoder.encode(e));
        return ResponsesFixtures.events(out.toString(StandardCharsets.UTF_8));
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic/stream-text.sse", "anthropic/stream-tool-use.sse", "anthropic/stream-thinking.sse",
            "gemini/stream-text.sse", "gemini/stream-function-calls.sse", "openai/chat-stream-parallel-tool-calls.sse"})
    void everyUpstreamStreamBecomesAWellFormedResponsesStream(String fixture) {
        List<StreamEvent> neutral = Fixtures.decode(codecOf(fixture), Fixtures.bytes(fixture));
        List<ResponsesFixtures.Event> events = encode(Fixtures.json("openai/responses-request-codex.json"), neutral);

        JsonNode response = ResponsesStreamRules.check(events);

        assertThat(events.getLast().name()).isEqualTo("response.completed");
        Usage usage = Fixtures.assemble(neutral).usage();
        assertThat(response.path("usage").path("input_tokens").asLong()).isEqualTo(usage.inputTokens());
        assertThat(response.path("usage").path("output_tokens").asLong()).isEqualTo(usage.outputTokens());
        long calls = neutral.stream().filter(e -> e instanceof StreamEvent.BlockStart b && b.kind() == BlockKind.TOOL_CALL).count();
        assertThat(response.path("output").findValues("call_id")).hasSize((int) calls);
    }

    @Test
    void aCallStreamsItsArgumentsAndEndsWithTheWholeItem() {
        List<ResponsesFixtures.Event> events = encode(Json.object(), List.of(
                new StreamEvent.Start("msg_1", "claude", Usage.NONE),
                new StreamEvent.BlockStart(0, BlockKind.TOOL_CALL, "toolu_1", "get_weather", null),
                new StreamEvent.ToolArgumentsDelta(0, "{\"location\":"),
                new StreamEvent.ToolArgumentsDelta(0, "\"Paris\"}"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.Finish(StopReason.TOOL_USE, null, new Usage(20, 7, 0)),
                new StreamEvent.End()));
        ResponsesStreamRules.check(events);
        assertThat(events).extracting(e -> e.data().path("type").asText()).containsExactly(
                "response.created", "response.in_progress", "response.output_item.added",
                "response.function_call_arguments.delta", "response.function_call_arguments.delta",
                "response.function_call_arguments.done", "response.output_item.done", "response.completed");
        JsonNode item = events.get(6).data().path("item");
        assertThat(item.path("arguments").asText()).isEqualTo("{\"location\":\"Paris\"}");
        assertThat(item.path("call_id").asText()).isEqualTo("toolu_1");
        assertThat(item.path("status").asText()).isEqualTo("completed");
    }

    @Test
    void aFailureEndsTheStreamWithResponseFailed() {
        List<ResponsesFixtures.Event> events = encode(Json.object(), List.of(
                new StreamEvent.Start("msg_1", "claude", Usage.NONE),
                new StreamEvent.BlockStart(0, BlockKind.TEXT, null, null, null),
                new StreamEvent.TextDelta(0, "Hel"),
                new StreamEvent.Failure("overloaded_error", "Overloaded")));
        JsonNode last = events.getLast().data();
        assertThat(last.path("type").asText()).isEqualTo("response.failed");
        assertThat(last.path("response").path("status").asText()).isEqualTo("failed");
        assertThat(last.path("response").path("error").path("code").asText()).isEqualTo("server_error");
        assertThat(last.path("response").path("error").path("message").asText()).isEqualTo("Overloaded");
        assertThat(last.path("sequence_number").asInt()).isEqualTo(events.size() - 1);
    }

    @Test
    void anAnswerCutByTheTokenLimitEndsWithResponseIncomplete() {
        List<ResponsesFixtures.Event> events = encode(Json.object(), List.of(
                new StreamEvent.Start("msg_1", "claude", Usage.NONE),
                new StreamEvent.BlockStart(0, BlockKind.TEXT, null, null, null),
                new StreamEvent.TextDelta(0, "Once upon"),
                new StreamEvent.BlockStop(0),
                new StreamEvent.Finish(StopReason.MAX_TOKENS, null, new Usage(5, 2, 0)),
                new StreamEvent.End()));
        JsonNode response = ResponsesStreamRules.check(events);
        assertThat(events.getLast().name()).isEqualTo("response.incomplete");
        assertThat(response.path("incomplete_details").path("reason").asText()).isEqualTo("max_output_tokens");
    }
}
