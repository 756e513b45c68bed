package dev.anyrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.ModelIdLimits;
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
    void sendsTheClientsOwnTextWithOnlyTheModelReplacedAndUsageAskedFor() {
        String client = "{ \"temperature\" : 1.0E-2,\n \"model\":\"openai/gpt-4.1-mini\", \"messages\":[{\"role\":\"user\","
                + "\"content\":\"caf\u00e9 \\u00e9 {}\"}], \"seed\": 123456789012345678 }";
        byte[] plain = ChatRequest.parse(client.getBytes(StandardCharsets.UTF_8)).forUpstream("gpt-4.1-mini");
        assertThat(new String(plain, StandardCharsets.UTF_8)).isEqualTo(client.replace("openai/gpt-4.1-mini", "gpt-4.1-mini"));

        String streaming = client.replace("\"seed\"", "\"stream\":true, \"seed\"");
        byte[] stream = ChatRequest.parse(streaming.getBytes(StandardCharsets.UTF_8)).forUpstream("gpt-4.1-mini");
        assertThat(new String(stream, StandardCharsets.UTF_8)).isEqualTo(streaming.replace("openai/gpt-4.1-mini", "gpt-4.1-mini")
                .replace("123456789012345678 }", "123456789012345678 ,\"stream_options\":{\"include_usage\":true}}"));
    }

    @Test
    void editsTheTreeWhenTheGatewayMustRemoveOrMergeMembers() {
        ChatRequest fallbacks = ChatRequest.parse(("{\"model\":\"a/x\",\"models\":[\"b/y\"],\"messages\":[{\"role\":\"user\","
                + "\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8));
        JsonNode upstream = Json.parse(fallbacks.forUpstream("x"));
        assertThat(upstream.has("models")).isFalse();
        assertThat(upstream.get("model").asText()).isEqualTo("x");

        ChatRequest options = ChatRequest.parse(("{\"model\":\"a/x\",\"stream\":true,\"stream_options\":{\"other\":1},"
                + "\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}").getBytes(StandardCharsets.UTF_8));
        JsonNode merged = Json.parse(options.forUpstream("x")).get("stream_options");
        assertThat(merged.get("other").asInt()).isEqualTo(1);
        assertThat(merged.get("include_usage").asBoolean()).isTrue();
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

    private static byte[] withModels(String model, String... models) {
        StringBuilder b = new StringBuilder("{\"model\":\"" + model + "\",\"models\":[");
        for (int i = 0; i < models.length; i++) b.append(i == 0 ? "" : ",").append('"').append(models[i]).append('"');
        return b.append("],\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void modelsAreTriedInOrderOnceEach() {
        ChatRequest r = ChatRequest.parse(withModels("a/x", "b/y", "a/x", "c/z", "b/y"), new ModelIdLimits(64, 4));
        assertThat(r.models()).containsExactly("a/x", "b/y", "c/z");
    }

    @Test
    void aModelListLongerThanTheLimitIsRefusedBeforeItsIdsAreRead() {
        String[] many = new String[17];
        java.util.Arrays.fill(many, "b/y");
        assertThatThrownBy(() -> ChatRequest.parse(withModels("a/x", many), ModelIdLimits.DEFAULT))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("at most 16");
        assertThat(ChatRequest.parse(withModels("a/x", java.util.Arrays.copyOf(many, 15)), ModelIdLimits.DEFAULT).models())
                .containsExactly("a/x", "b/y");
    }

    @Test
    void aModelIdLongerThanTheLimitIsRefusedWithoutBeingQuoted() {
        String id = "a/" + "sk-secret".repeat(40);
        assertThatThrownBy(() -> ChatRequest.parse(withModels(id), ModelIdLimits.DEFAULT))
                .isInstanceOf(MalformedJsonException.class).hasMessageContaining("at most 256").hasMessageNotContaining("sk-secret");
        assertThatThrownBy(() -> ChatRequest.parse(withModels("a/x", "b/y", id), ModelIdLimits.DEFAULT))
                .hasMessageContaining("'models[1]'").hasMessageNotContaining("sk-secret");
        assertThat(ChatRequest.parse(withModels("a/" + "x".repeat(254)), ModelIdLimits.DEFAULT).model()).hasSize(256);
    }
}
