package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.HttpResponseFor;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.AnthropicServiceException;
import com.anthropic.errors.RateLimitException;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Failover on the Anthropic wire ({@code POST /api/v1/messages}), end to end: the official
 * anthropic-java SDK (no retries of its own), two Anthropic keys on the mock upstream, faults
 * scripted per key. A bad or busy first key must not reach a Claude Code user; when every key is
 * down the error still comes in the Anthropic shape.
 */
class AnthropicFailoverEndToEndTest {
    static final String MODEL = "anthropic/claude-sonnet-4-5";
    static final String FIRST = "sk-ant-mock-first-aaaa";
    static final String SECOND = "sk-ant-mock-second-bbbb";

    @TempDir
    Path dataDir;

    final SteppingClock clock = new SteppingClock();
    Stack stack;
    AnthropicClient client;
    String apiKey;

    @BeforeEach
    void start() throws Exception {
        stack = new Stack(dataDir, Map.of(), FailoverEndToEndTest.PRICES, clock);
        apiKey = stack.signup("claude-pools@example.com");
        addKey(FIRST, "first", 1);
        addKey(SECOND, "second", 2);
        client = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + stack.gateway.port() + "/api")
                .apiKey(apiKey).maxRetries(0).build();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) client.close();
        if (stack != null) stack.close();
    }

    void addKey(String key, String alias, int priority) throws Exception {
        Stack.Reply r = stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"anthropic\",\"key\":\"" + key + "\",\"alias\":\""
                + alias + "\",\"priority\":" + priority + ",\"base_url\":\"http://127.0.0.1:" + stack.mock.port() + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
    }

    void script(String key, int status) throws Exception {
        Stack.Reply r = stack.call("POST", "http://127.0.0.1:" + stack.mock.port() + "/_mock/script", null,
                "{\"key\":\"" + key + "\",\"status\":" + status + "}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    static MessageCreateParams hello() {
        return MessageCreateParams.builder().model(MODEL).maxTokens(256).addUserMessage("Say hi").build();
    }

    JsonNode log(String requestId) throws Exception {
        return KeyLogs.log(stack, apiKey, requestId);
    }

    List<String> outcomes(String requestId) throws Exception {
        return KeyLogs.outcomes(log(requestId));
    }

    JsonNode key(String alias) throws Exception {
        return KeyLogs.key(stack, apiKey, alias);
    }

    @Test
    void quarantinesKeyOn401AndServesFromTheNext() throws Exception {
        script(FIRST, 401);

        HttpResponseFor<Message> served = client.messages().withRawResponse().create(hello());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.parse().content().getFirst().asText().text()).isNotBlank();
        String id = served.headers().values("x-anyrouter-request-id").getFirst();
        assertThat(outcomes(id)).containsExactly("first: 401 quarantined", "second: ok");
        assertThat(log(id).get("key_alias").asText()).isEqualTo("second");
        assertThat(key("first").get("status").asText()).isEqualTo("quarantined");
    }

    @Test
    void a429OnTheFirstKeyIsServedByTheSecond() throws Exception {
        script(FIRST, 429);

        HttpResponseFor<Message> served = client.messages().withRawResponse().create(hello());
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(outcomes(served.headers().values("x-anyrouter-request-id").getFirst()))
                .hasSize(2).first().asString().startsWith("first: 429");
        assertThat(key("first").get("status").asText()).isEqualTo("cooling_down");
    }

    @Test
    void aStreamFailsOverOnAnOverloadedFirstKeyBeforeAnyEvent() throws Exception {
        script(FIRST, 529);

        MessageAccumulator accumulated = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(hello())) {
            stream.stream().forEach(accumulated::accumulate);
        }
        assertThat(accumulated.message().content().getFirst().asText().text()).isNotBlank();
        assertThat(stack.mock.received()).anySatisfy(r -> assertThat(r.keyLast4()).isEqualTo("aaaa"));
        assertThat(key("second").get("status").asText()).isEqualTo("active");
    }

    @Test
    void everyKeyRateLimitedGivesAnAnthropicShaped429() throws Exception {
        script(FIRST, 429);
        script(SECOND, 429);

        assertThatThrownBy(() -> client.messages().create(hello())).isInstanceOfSatisfying(RateLimitException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(429);
            assertThat(e.headers().values("retry-after")).isNotEmpty();
            assertThat(e.body().toString()).contains("rate_limit_error");
        });
        Stack.Reply raw = stack.call("POST", "/api/v1/messages", apiKey,
                "{\"model\":\"" + MODEL + "\",\"max_tokens\":16,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(raw.status()).isEqualTo(429);
        assertThat(raw.json().get("type").asText()).isEqualTo("error");
        assertThat(raw.json().at("/error/type").asText()).isEqualTo("rate_limit_error");
    }

    @Test
    void everyKeyRejectedGivesAnAnthropicShapedErrorOnAStreamToo() throws Exception {
        script(FIRST, 401);
        script(SECOND, 401);

        assertThatThrownBy(() -> {
            try (StreamResponse<RawMessageStreamEvent> stream = client.messages().createStreaming(hello())) {
                stream.stream().forEach(e -> { });
            }
        }).isInstanceOfSatisfying(AnthropicServiceException.class, e -> {
            assertThat(e.statusCode()).isEqualTo(401);
            assertThat(e.body().toString()).contains("type=error", "type=authentication_error", "quarantined")
                    .doesNotContain(FIRST).doesNotContain(SECOND);
        });
        assertThat(key("first").get("status").asText()).isEqualTo("quarantined");
        assertThat(key("second").get("status").asText()).isEqualTo("quarantined");
    }
}
