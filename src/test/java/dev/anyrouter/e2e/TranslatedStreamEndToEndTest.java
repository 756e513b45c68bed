package dev.anyrouter.e2e;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A stream that crosses wires (an OpenAI client on an Anthropic model) is held, timed and failed
 * over exactly as a passed-through one: nothing reaches the client before the upstream's first real
 * content, so a key that stalls or never answers is left for the next within the first-byte
 * timeout, and time to first token is the first content's time on every path. Two Anthropic keys
 * on the mock upstream; the idle timeout is far longer than the first-byte timeout, so a wait that
 * only the idle timeout ends shows.
 */
class TranslatedStreamEndToEndTest {
    static final String MODEL = "anthropic/claude-sonnet-4-5";
    static final String FIRST = "sk-ant-mock-first-aaaa";
    static final String SECOND = "sk-ant-mock-second-bbbb";
    static final long FIRST_BYTE_MS = 1500;

    @TempDir
    Path dataDir;

    Stack stack;
    OpenAIClient openai;
    AnthropicClient anthropic;
    String apiKey;

    @BeforeEach
    void start() throws Exception {
        stack = new Stack(dataDir, Map.of("upstream-first-byte-timeout-ms", Long.toString(FIRST_BYTE_MS),
                "upstream-idle-timeout-ms", "20000"));
        apiKey = stack.signup("translated-streams@example.com");
        addKey(FIRST, "first", 1);
        addKey(SECOND, "second", 2);
        String base = "http://127.0.0.1:" + stack.gateway.port() + "/api";
        openai = OpenAIOkHttpClient.builder().baseUrl(base + "/v1").apiKey(apiKey).maxRetries(0)
                .timeout(Duration.ofSeconds(15)).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl(base).apiKey(apiKey).maxRetries(0)
                .timeout(Duration.ofSeconds(15)).build();
    }

    @AfterEach
    void stop() throws Exception {
        if (openai != null) openai.close();
        if (anthropic != null) anthropic.close();
        if (stack != null) stack.close();
    }

    void addKey(String key, String alias, int priority) throws Exception {
        Stack.Reply r = stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"anthropic\",\"key\":\"" + key + "\",\"alias\":\""
                + alias + "\",\"priority\":" + priority + ",\"base_url\":\"http://127.0.0.1:" + stack.mock.port() + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    void script(String json) throws Exception {
        Stack.Reply r = stack.call("POST", "http://127.0.0.1:" + stack.mock.port() + "/_mock/script", null, json);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    /** Streams a chat completion through the OpenAI SDK; the text it got and the gateway's request id. */
    Streamed openAiStream() {
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Say hi").build();
        StringBuilder text = new StringBuilder();
        String id;
        try (var stream = openai.chat().completions().withRawResponse().createStreaming(params)) {
            id = stream.headers().values("x-anyrouter-request-id").getFirst();
            try (com.openai.core.http.StreamResponse<ChatCompletionChunk> chunks = stream.parse()) {
                chunks.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
            }
        }
        return new Streamed(text.toString(), id);
    }

    record Streamed(String text, String requestId) {}

    JsonNode log(String requestId) throws Exception {
        return KeyLogs.log(stack, apiKey, requestId);
    }

    @Test
    void aTranslatedStreamThatStallsBeforeContentFailsOverToTheNextKey() throws Exception {
        // Headers and message_start, then nothing: no content yet, so nothing has reached the client.
        script("{\"key\":\"" + FIRST + "\",\"fault\":\"hang_after_first_chunk\"}");

        Streamed served = openAiStream();

        assertThat(served.text()).isNotBlank();
        assertThat(KeyLogs.outcomes(log(served.requestId()))).containsExactly("first: timeout next key", "second: ok");
        assertThat(log(served.requestId()).get("status").asInt()).isEqualTo(200);
    }

    @Test
    void aTranslatedStreamThatNeverSendsAByteHitsTheFirstByteDeadline() throws Exception {
        script("{\"key\":\"" + FIRST + "\",\"fault\":\"hang\"}");

        long started = System.nanoTime();
        Streamed served = openAiStream();
        long millis = (System.nanoTime() - started) / 1_000_000;

        assertThat(served.text()).isNotBlank();
        assertThat(KeyLogs.outcomes(log(served.requestId()))).containsExactly("first: timeout next key", "second: ok");
        assertThat(millis).as("left at the first-byte deadline, not the idle timeout").isLessThan(10_000);
        assertThat(log(served.requestId()).get("attempts").get(0).get("ms").asLong()).isBetween(FIRST_BYTE_MS - 50, 5_000L);
    }

    @Test
    void timeToFirstTokenIsTheFirstContentOnEveryPath() throws Exception {
        // message_start at once, then an event every 300 ms (content_block_start, ping, the first
        // delta): the first text arrives after 900 ms, well inside the first-byte timeout.
        script("{\"key\":\"*\",\"chunk_interval_ms\":300,\"chunks\":2}");

        Streamed translated = openAiStream();
        JsonNode crossWire = log(translated.requestId());

        String passthroughId;
        MessageCreateParams params = MessageCreateParams.builder().model(MODEL).maxTokens(64).addUserMessage("Say hi").build();
        try (var raw = anthropic.messages().withRawResponse().createStreaming(params)) {
            passthroughId = raw.headers().values("x-anyrouter-request-id").getFirst();
            try (StreamResponse<RawMessageStreamEvent> events = raw.parse()) {
                events.stream().forEach(e -> { });
            }
        }
        JsonNode sameWire = log(passthroughId);

        for (JsonNode record : new JsonNode[] {crossWire, sameWire}) {
            assertThat(record.get("status").asInt()).isEqualTo(200);
            assertThat(record.get("ttft_ms").asLong()).as("first content, not the upstream's headers: %s", record)
                    .isGreaterThanOrEqualTo(850);
            assertThat(record.get("latency_ms").asLong()).isGreaterThanOrEqualTo(record.get("ttft_ms").asLong());
        }
    }
}
