package dev.anyrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ResponsesRequestTest {

    /** What Codex sends, trimmed: developer messages, reasoning, include, a namespace tool, client_metadata. */
    private static final String CODEX = """
            {"model":"gpt-5-codex","instructions":"You are Codex.","store":false,"stream":true,
             "input":[{"type":"message","role":"developer","content":[{"type":"input_text","text":"<permissions>"}]},
                      {"type":"message","role":"user","content":[{"type":"input_text","text":"fix the bug"}]}],
             "tools":[{"type":"function","name":"shell","strict":false,"parameters":{"type":"object"}},
                      {"type":"namespace","name":"mcp__fs","tools":[]},{"type":"web_search"}],
             "tool_choice":"auto","parallel_tool_calls":true,"reasoning":{"summary":"auto"},
             "include":["reasoning.encrypted_content"],"prompt_cache_key":"0199-abc","client_metadata":{"originator":"codex_cli_rs"}}
            """;

    private static ResponsesRequest parse(String json) {
        return ResponsesRequest.parse(json.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void forwardsTheClientsTreeWithOnlyTheModelRewritten() {
        ResponsesRequest request = parse(CODEX);
        JsonNode sent = Json.parse(request.forUpstream("gpt-5-codex-2025"));
        JsonNode original = Json.parse(CODEX.getBytes(StandardCharsets.UTF_8));
        assertThat(sent.get("model").asText()).isEqualTo("gpt-5-codex-2025");
        ((com.fasterxml.jackson.databind.node.ObjectNode) original).put("model", "gpt-5-codex-2025");
        assertThat(sent).isEqualTo(original);
    }

    @Test
    void readsWhatTheGatewayDecidesOn() {
        ResponsesRequest request = parse(CODEX);
        assertThat(request.model()).isEqualTo("gpt-5-codex");
        assertThat(request.stream()).isTrue();
        assertThat(request.clientWantsUsage()).as("a Responses stream always ends with its usage").isTrue();
        assertThat(parse("{\"model\":\"gpt-4.1\",\"input\":\"hi\"}").stream()).isFalse();
    }

    @Test
    void readersGetCopiesSoWhatIsForwardedCannotChange() {
        ResponsesRequest request = parse(CODEX);
        request.tree().remove("input");
        ((com.fasterxml.jackson.databind.node.ArrayNode) request.tree().get("input")).removeAll();
        assertThat(Json.parse(request.forUpstream("m")).get("input")).hasSize(2);
    }

    @Test
    void rejectsWhatTheGatewayCannotRouteOrRead() {
        for (String bad : new String[] {"[]", "{}", "{\"model\":\"\"}", "{\"model\":\"m\",\"input\":5}",
                "{\"model\":\"m\",\"input\":[\"text\"]}", "{\"model\":\"m\",\"stream\":\"yes\"}",
                "{\"model\":\"m\",\"store\":1}", "{\"model\":\"m\",\"previous_response_id\":7}",
                "{\"model\":\"m\",\"tools\":{}}", "{\"model\":\"m\",\"tools\":[{\"name\":\"f\"}]}"}) {
            assertThatThrownBy(() -> parse(bad)).as(bad).isInstanceOf(MalformedJsonException.class);
        }
    }
}
