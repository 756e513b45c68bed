package dev.anyrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ChatRequestTest {

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = ChatRequestTest.class.getResourceAsStream("/wire/openai/" + name)) {
            return in.readAllBytes();
        }
    }

    @Test
    void forwardsEveryFieldWithOnlyTheModelRewritten() throws IOException {
        ChatRequest request = ChatRequest.parse(fixture("chat-request-tools.json"));
        JsonNode original = Json.parse(fixture("chat-request-tools.json"));
        JsonNode upstream = Json.parse(request.forUpstream("gpt-4.1"));
        assertThat(upstream.get("model").asText()).isEqualTo("gpt-4.1");
        ((com.fasterxml.jackson.databind.node.ObjectNode) original).put("model", "gpt-4.1");
        assertThat(upstream).isEqualTo(original);
    }

    @Test
    void asksTheUpstreamForUsageOnStreamsAndRemembersWhetherTheClientDid() {
        ChatRequest request = ChatRequest.parse(
                "{\"model\":\"openai/gpt-4.1-mini\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}"
                        .getBytes(StandardCharsets.UTF_8));
        assertThat(request.stream()).isTrue();
        assertThat(request.clientWantsUsage()).isFalse();
        JsonNode upstream = Json.parse(request.forUpstream("gpt-4.1-mini"));
        assertThat(upstream.at("/stream_options/include_usage").asBoolean()).isTrue();
    }

    @Test
    void rejectsBodiesWithoutModelOrMessages() {
        assertThatThrownBy(() -> ChatRequest.parse("{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}".getBytes()))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("'model'");
        assertThatThrownBy(() -> ChatRequest.parse("{\"model\":\"gpt-4.1\"}".getBytes()))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("'messages'");
        assertThatThrownBy(() -> ChatRequest.parse("{\"model\":".getBytes()))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("not valid JSON");
        assertThatThrownBy(() -> ChatRequest.parse("[1,2]".getBytes()))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("JSON object");
    }
}
