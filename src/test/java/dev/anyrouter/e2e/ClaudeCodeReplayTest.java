package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * A recorded Claude Code request (two-block system with cache_control, tools, metadata,
 * thinking, always streaming, {@code ?beta=true}, version 2023-06-01 and its beta header)
 * replayed against every upstream wire on the mock: the client must get a complete Anthropic
 * event stream whichever provider serves.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ClaudeCodeReplayTest {
    @TempDir
    static Path dataDir;

    Stack stack;
    String apiKey;

    @BeforeAll
    void start() throws Exception {
        stack = new Stack(dataDir);
        apiKey = stack.signup("claude-code@example.com");
        for (String[] key : List.of(new String[] {"anthropic", "sk-ant-mock-replay-0001"},
                new String[] {"openai", "sk-mock-replay-0002"}, new String[] {"google", "AIzaMockReplayKey0003"})) {
            Stack.Reply saved = stack.addKey(apiKey, key[0], key[1], key[0], "");
            assertThat(saved.status()).as(saved.body()).isEqualTo(201);
        }
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    private static ObjectNode recorded() throws Exception {
        try (InputStream in = ClaudeCodeReplayTest.class.getResourceAsStream("/wire/anthropic/request-claude-code.json")) {
            return (ObjectNode) Json.parse(in.readAllBytes());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"anthropic/claude-sonnet-4-5", "openai/gpt-5", "google/gemini-2.5-pro"})
    void aRecordedClaudeCodeRequestStreamsCompletelyFromEveryWire(String model) throws Exception {
        ObjectNode body = recorded().put("model", model);
        Stack.Reply reply = stack.call("POST", "/api/v1/messages?beta=true", null, Json.MAPPER.writeValueAsString(body), Map.of(
                "x-api-key", apiKey,
                "anthropic-version", "2023-06-01",
                "anthropic-beta", "claude-code-20250219,interleaved-thinking-2025-05-14,fine-grained-tool-streaming-2025-05-14"));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        List<String> events = new ArrayList<>();
        List<JsonNode> data = new ArrayList<>();
        for (String line : reply.body().split("\n")) {
            if (line.startsWith("event: ")) events.add(line.substring(7).strip());
            if (line.startsWith("data: ")) data.add(Json.parse(line.substring(6).getBytes()));
        }
        assertThat(events.getFirst()).isEqualTo("message_start");
        assertThat(events.getLast()).isEqualTo("message_stop");
        assertThat(events).contains("content_block_start", "content_block_delta", "content_block_stop", "message_delta")
                .doesNotContain("error");
        JsonNode delta = data.stream().filter(d -> d.path("type").asText().equals("message_delta")).findFirst().orElseThrow();
        assertThat(delta.at("/delta/stop_reason").asText()).isIn("end_turn", "tool_use", "max_tokens");
        assertThat(delta.at("/usage/output_tokens").asLong()).isPositive();
        // The served request is logged against the provider that served it.
        String provider = model.substring(0, model.indexOf('/'));
        boolean logged = false;
        for (int i = 0; i < 100 && !logged; i++) {
            for (JsonNode entry : stack.call("GET", "/api/v1/logs", apiKey, null).json().get("data")) {
                logged |= entry.path("provider").asText().equals(provider) && entry.path("status").asInt() == 200;
            }
            if (!logged) Thread.sleep(100);
        }
        assertThat(logged).as("a 200 served by " + provider + " in the log").isTrue();
    }
}
