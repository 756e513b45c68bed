package dev.anyrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Fixtures;
import dev.anyrouter.protocol.ImageSource;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.ModelReply;
import dev.anyrouter.protocol.ModelRequest;
import dev.anyrouter.protocol.Part;
import dev.anyrouter.protocol.Role;
import dev.anyrouter.protocol.StopReason;
import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.UnsupportedFieldException;
import dev.anyrouter.protocol.Usage;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class OpenAiCodecTest {
    private final OpenAiCodec codec = new OpenAiCodec(OpenAiDialect.OPENAI);

    @Test
    void decodesAToolRoundTripWithParallelResultsInOneUserTurn() {
        ModelRequest r = codec.decodeRequest(Fixtures.json("openai/chat-request-conversation.json"));
        assertThat(r.systemText()).isEqualTo("You are a weather assistant.");
        assertThat(r.messages()).extracting(m -> m.role())
                .containsExactly(Role.USER, Role.ASSISTANT, Role.USER, Role.ASSISTANT, Role.USER);
        assertThat(r.messages().get(0).parts().get(1)).isInstanceOfSatisfying(Part.Image.class,
                i -> assertThat(i.source()).isInstanceOfSatisfying(ImageSource.Base64.class,
                        b -> assertThat(b.mediaType()).isEqualTo("image/png")));
        assertThat(r.messages().get(1).parts()).containsExactly(
                new Part.ToolCall("call_abc123", "get_current_weather", "{\"location\":\"Boston, MA\"}"),
                new Part.ToolCall("call_def456", "get_current_weather", "{\"location\":\"Paris, France\"}"));
        assertThat(r.messages().get(2).parts()).extracting(p -> ((Part.ToolResult) p).callId())
                .containsExactly("call_abc123", "call_def456");
        assertThat(r.maxTokens()).isEqualTo(512);
        assertThat(r.user()).isEqualTo("user-1234");
        assertThat(r.stop()).containsExactly("\n\nUser:");
        assertThat(r.dropped()).isEmpty();
    }

    @Test
    void listsHintsItDropsAndRefusesWhatWouldChangeTheAnswer() {
        ModelRequest r = codec.decodeRequest(((com.fasterxml.jackson.databind.node.ObjectNode) Fixtures.json("openai/chat-request-tools.json"))
                .without("logit_bias"));
        assertThat(r.dropped()).contains("some_future_field", "image_url.detail");
        assertThatThrownBy(() -> codec.decodeRequest(Fixtures.json("openai/chat-request-tools.json")))
                .isInstanceOf(UnsupportedFieldException.class).hasMessageContaining("logit_bias");
        assertThatThrownBy(() -> codec.decodeRequest(Json.parse(
                "{\"model\":\"m\",\"n\":2,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}".getBytes())))
                .isInstanceOf(UnsupportedFieldException.class).hasMessageContaining("'n'");
    }

    @Test
    void reencodedRequestsDecodeToTheSameNeutralRequest() {
        ModelRequest once = codec.decodeRequest(Fixtures.json("openai/chat-request-conversation.json"));
        JsonNode encoded = codec.encodeRequest(once).body();
        assertThat(encoded.path("max_completion_tokens").asInt()).isEqualTo(512);
        assertThat(encoded.path("stream_options").path("include_usage").asBoolean()).isTrue();
        assertThat(codec.decodeRequest(encoded)).isEqualTo(once);
    }

    @Test
    void compatibleProvidersGetMaxTokens() {
        ModelRequest once = codec.decodeRequest(Fixtures.json("openai/chat-request-conversation.json"));
        JsonNode encoded = new OpenAiCodec(OpenAiDialect.COMPATIBLE).encodeRequest(once).body();
        assertThat(encoded.path("max_tokens").asInt()).isEqualTo(512);
        assertThat(encoded.has("max_completion_tokens")).isFalse();
    }

    @Test
    void decodesRepliesWithParallelToolCallsCachedTokensAndStopReasons() {
        ModelReply text = codec.decodeReply(Fixtures.json("openai/chat-response-text.json"));
        assertThat(text.content()).containsExactly(new Part.Text("Hello! How can I assist you today?"));
        assertThat(text.stopReason()).isEqualTo(StopReason.END_TURN);
        assertThat(text.usage()).isEqualTo(new Usage(19, 10, 0));
        ModelReply tools = codec.decodeReply(Fixtures.json("openai/chat-response-parallel-tool-calls.json"));
        assertThat(tools.content()).containsExactly(
                new Part.ToolCall("call_abc123", "get_current_weather", "{\"location\":\"Boston, MA\"}"),
                new Part.ToolCall("call_def456", "get_current_weather", "{\"location\":\"Paris, France\",\"unit\":\"celsius\"}"));
        assertThat(tools.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(tools.usage().cachedTokens()).isEqualTo(64);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai/chat-response-text.json", "openai/chat-response-parallel-tool-calls.json"})
    void reencodedRepliesDecodeToTheSameReply(String fixture) {
        ModelReply once = codec.decodeReply(Fixtures.json(fixture));
        assertThat(codec.decodeReply(codec.encodeReply(once, 1))).isEqualTo(once);
    }

    @Test
    void streamsParallelToolCallFragmentsByIndexWithUsageInTheFinish() {
        List<StreamEvent> events = Fixtures.decode(codec, Fixtures.bytes("openai/chat-stream-parallel-tool-calls.sse"));
        ModelReply reply = Fixtures.assemble(events);
        assertThat(reply.content()).containsExactly(
                new Part.ToolCall("call_abc123", "get_current_weather", "{\"location\": \"Boston, MA\"}"),
                new Part.ToolCall("call_def456", "get_current_weather", "{\"location\": \"Paris, France\"}"));
        assertThat(reply.stopReason()).isEqualTo(StopReason.TOOL_USE);
        assertThat(reply.usage()).isEqualTo(new Usage(82, 36, 64));
        assertThat(events.getLast()).isInstanceOf(StreamEvent.End.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"openai/chat-stream-with-usage.sse", "openai/chat-stream-parallel-tool-calls.sse"})
    void reencodedStreamsDecodeToTheSameEvents(String fixture) {
        List<StreamEvent> once = Fixtures.decode(codec, Fixtures.bytes(fixture));
        byte[] encoded = Fixtures.encode(codec, once, true);
        assertThat(new String(encoded)).endsWith("data: [DONE]\n\n");
        assertThat(Fixtures.decode(codec, encoded)).isEqualTo(once);
    }

    @Test
    void aStreamWithoutDoneOrFinishReasonNeverFinishes() {
        byte[] cut = "data: {\"id\":\"x\",\"choices\":[{\"index\":0,\"delta\":{\"content\":\"Hel\"}}]}\n\n".getBytes();
        assertThat(Fixtures.decode(codec, cut)).noneMatch(e -> e instanceof StreamEvent.Finish || e instanceof StreamEvent.End);
    }
}
