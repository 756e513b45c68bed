package dev.anyrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Fixtures;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.Message;
import dev.anyrouter.protocol.ModelReply;
import dev.anyrouter.protocol.ModelRequest;
import dev.anyrouter.protocol.Part;
import dev.anyrouter.protocol.Role;
import dev.anyrouter.protocol.StopReason;
import dev.anyrouter.protocol.ToolChoice;
import dev.anyrouter.protocol.ToolDefinition;
import dev.anyrouter.protocol.UnsupportedFieldException;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.anthropic.AnthropicCodec;
import dev.anyrouter.spec.OpenAiSchemas;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The Responses wire decoded into the neutral model and answers written back as Response objects. */
class ResponsesCodecTest {
    private static final Set<String> WEB_SEARCH_OPTIONAL = Set.of("web_search");

    private static ObjectNode codexRequest() {
        return (ObjectNode) Fixtures.json("openai/responses-request-codex.json");
    }

    private static ModelRequest decode(JsonNode body, Set<String> optional) {
        return ResponsesCodec.forRequest(body, optional).decodeRequest(body);
    }

    @Test
    void decodesACodexRequestIntoTheNeutralModel() {
        ModelRequest request = decode(codexRequest(), WEB_SEARCH_OPTIONAL);

        assertThat(request.system()).hasSize(2);
        assertThat(request.system().get(0).text()).startsWith("You are Codex");
        assertThat(request.system().get(1).text()).startsWith("<permissions instructions>");
        assertThat(request.messages()).extracting(Message::role).containsExactly(Role.USER, Role.ASSISTANT, Role.USER);
        assertThat(request.messages().get(0).parts()).hasSize(2);
        List<Part> assistant = request.messages().get(1).parts();
        assertThat(assistant.get(0)).isInstanceOf(Part.Thinking.class);
        assertThat(((Part.Thinking) assistant.get(0)).signature()).isNull();
        assertThat(assistant.get(1)).isEqualTo(new Part.ToolCall("call_weather_1", "get_weather", "{\"location\":\"Paris\"}"));
        assertThat(request.messages().get(2).parts()).containsExactly(
                new Part.ToolResult("call_weather_1", List.of(new Part.Text("{\"temperature_c\":18,\"conditions\":\"cloudy\"}")), false));
        assertThat(request.tools()).extracting(ToolDefinition::name)
                .containsExactly("shell", "get_weather", "mcp__docs__search", "mcp__docs__read_page");
        assertThat(request.toolChoice()).isEqualTo(new ToolChoice.Auto());
        assertThat(request.parallelToolCalls()).isTrue();
        assertThat(request.reasoning()).as("a summary alone does not turn thinking on").isNull();
        assertThat(request.stream()).isTrue();
        assertThat(request.dropped()).contains("prompt_cache_key", "client_metadata", "tools[web_search]")
                .doesNotContain("store", "include[reasoning.encrypted_content]");
    }

    @Test
    void refusesAHostedToolTheClientDidNotMarkOptional() {
        assertThatThrownBy(() -> decode(codexRequest(), Set.of()))
                .isInstanceOf(UnsupportedFieldException.class)
                .hasMessageContaining("'web_search'")
                .hasMessageContaining("X-AnyRouter-Optional-Tools");
    }

    @Test
    void refusesWhatNeedsAStoredResponse() {
        ObjectNode continued = codexRequest().put("previous_response_id", "resp_abc");
        assertThatThrownBy(() -> decode(continued, WEB_SEARCH_OPTIONAL))
                .isInstanceOf(UnsupportedFieldException.class).hasMessageContaining("previous_response_id");
        ObjectNode reference = codexRequest();
        reference.withArray("input").addObject().put("type", "item_reference").put("id", "msg_123");
        assertThatThrownBy(() -> decode(reference, WEB_SEARCH_OPTIONAL))
                .isInstanceOf(UnsupportedFieldException.class).hasMessageContaining("stored by OpenAI");
    }

    @Test
    void refusesAnUnknownItemTypeNamingIt() {
        ObjectNode body = codexRequest();
        body.withArray("input").addObject().put("type", "hologram").put("id", "h_1");
        assertThatThrownBy(() -> decode(body, WEB_SEARCH_OPTIONAL))
                .isInstanceOf(UnsupportedFieldException.class)
                .hasMessageContaining("input[6].type").hasMessageContaining("'hologram'");
    }

    @Test
    void leavesOutTheWorkOfAnOptionalHostedToolAndRefusesItOtherwise() {
        ObjectNode body = codexRequest();
        body.withArray("input").addObject().put("type", "web_search_call").put("id", "ws_1").put("status", "completed");
        assertThat(decode(body, WEB_SEARCH_OPTIONAL).dropped()).contains("input[web_search_call]");
        body.withArray("tools").remove(3);
        assertThatThrownBy(() -> decode(body, Set.of())).isInstanceOf(UnsupportedFieldException.class)
                .hasMessageContaining("web_search_call");
    }

    @Test
    void writesCallsOfNamespaceAndCustomToolsAsTheClientNamedThem() {
        ObjectNode body = codexRequest();
        body.withArray("tools").addObject().put("type", "custom").put("name", "apply_patch")
                .put("description", "Applies a patch").putObject("format").put("type", "grammar").put("syntax", "lark")
                .put("definition", "start: patch");
        ResponsesCodec codec = ResponsesCodec.forRequest(body, WEB_SEARCH_OPTIONAL);
        ToolDefinition patch = codec.decodeRequest(body).tools().getLast();
        assertThat(patch.name()).isEqualTo("apply_patch");
        assertThat(patch.parameters().path("properties").path("input").path("description").asText()).contains("lark", "start: patch");

        ModelReply reply = new ModelReply("msg_01", "claude-sonnet-4-5", List.of(
                new Part.ToolCall("toolu_1", "mcp__docs__search", "{\"query\":\"pools\"}"),
                new Part.ToolCall("toolu_2", "apply_patch", "{\"input\":\"*** Begin Patch\"}")), StopReason.TOOL_USE, null,
                new Usage(10, 5, 0));
        JsonNode response = codec.encodeReply(reply, 1_700_000_000L);

        JsonNode search = response.path("output").get(0);
        assertThat(search.path("type").asText()).isEqualTo("function_call");
        assertThat(search.path("namespace").asText()).isEqualTo("mcp__docs");
        assertThat(search.path("name").asText()).isEqualTo("search");
        assertThat(search.path("call_id").asText()).isEqualTo("toolu_1");
        JsonNode custom = response.path("output").get(1);
        assertThat(custom.path("type").asText()).isEqualTo("custom_tool_call");
        assertThat(custom.path("input").asText()).isEqualTo("*** Begin Patch");
        assertThat(OpenAiSchemas.get().violations("Response", response)).isEmpty();
    }

    @Test
    void translatedRepliesConformToTheResponseSchema() {
        ResponsesCodec codec = ResponsesCodec.forRequest(codexRequest(), WEB_SEARCH_OPTIONAL);
        for (String fixture : List.of("anthropic/response-text.json", "anthropic/response-tool-use.json",
                "anthropic/response-cached.json")) {
            ModelReply reply = new AnthropicCodec().decodeReply(Fixtures.json(fixture));
            JsonNode response = codec.encodeReply(reply, 1_700_000_000L);
            assertThat(OpenAiSchemas.get().violations("Response", response)).as(fixture).isEmpty();
            assertThat(response.path("status").asText()).isEqualTo("completed");
            assertThat(response.path("id").asText()).startsWith("resp_");
            assertThat(response.path("usage").path("input_tokens").asLong()).isEqualTo(reply.usage().inputTokens());
            assertThat(response.path("store").asBoolean(true)).as("nothing is kept for translated answers").isFalse();
        }
    }

    @Test
    void anAnswerCutByTheTokenLimitIsIncomplete() {
        ModelReply reply = new ModelReply("msg_1", "m", List.of(new Part.Text("Once upon")), StopReason.MAX_TOKENS, null, Usage.NONE);
        JsonNode response = ResponsesCodec.forRequest(Json.object(), Set.of()).encodeReply(reply, 1L);
        assertThat(response.path("status").asText()).isEqualTo("incomplete");
        assertThat(response.path("incomplete_details").path("reason").asText()).isEqualTo("max_output_tokens");
    }

    @Test
    void thinkingAndItsSignatureComeBackThroughEncryptedContent() {
        ModelReply reply = new ModelReply("msg_1", "claude", List.of(new Part.Thinking("Let me think.", "sig-123"),
                new Part.RedactedThinking("opaque"), new Part.Text("Done.")), StopReason.END_TURN, null, Usage.NONE);
        ObjectNode request = codexRequest();
        JsonNode response = ResponsesCodec.forRequest(request, WEB_SEARCH_OPTIONAL).encodeReply(reply, 1L);
        JsonNode thinking = response.path("output").get(0);
        assertThat(thinking.path("summary").get(0).path("text").asText()).isEqualTo("Let me think.");
        assertThat(thinking.path("encrypted_content").asText()).isNotEmpty();

        // The next turn sends the items back, as a stateless client does.
        ObjectNode next = Json.object().put("model", "m");
        next.putArray("input").add(thinking).add(response.path("output").get(1)).add(response.path("output").get(2));
        ModelRequest decoded = decode(next, Set.of());
        assertThat(decoded.messages()).hasSize(1);
        assertThat(decoded.messages().getFirst().parts()).containsExactly(new Part.Thinking("Let me think.", "sig-123"),
                new Part.RedactedThinking("opaque"), new Part.Text("Done."));
    }

    @Test
    void withoutASummaryRequestedThinkingIsReasoningContent() {
        ModelReply reply = new ModelReply("msg_1", "m", List.of(new Part.Thinking("hmm", null)), StopReason.END_TURN, null, Usage.NONE);
        JsonNode item = ResponsesCodec.forRequest(Json.object(), Set.of()).encodeReply(reply, 1L).path("output").get(0);
        assertThat(item.path("summary")).isEmpty();
        assertThat(item.path("content").get(0).path("text").asText()).isEqualTo("hmm");
        assertThat(item.has("encrypted_content")).as("only when include asks for it").isFalse();
    }
}
