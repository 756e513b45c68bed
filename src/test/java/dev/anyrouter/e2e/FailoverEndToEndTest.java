package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.HttpResponseFor;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.OpenAIException;
import com.openai.errors.RateLimitException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.billing.PriceBook;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Key pools, failover and the credits fall-through, end to end: the official openai-java SDK
 * (no retries of its own) against the gateway, with faults scripted into the mock upstream
 * through its admin API, and the gateway's clock stepped instead of slept.
 */
class FailoverEndToEndTest {
    static final String ADMIN_TOKEN = "operator-token-for-tests-0123456789";
    static final String MODEL = "openai/gpt-4.1-mini";
    static final PriceBook PRICES = PriceBook.of(Map.of(MODEL, ModelPrice.usd("0.40", "1.60")));

    @TempDir
    Path dataDir;

    final SteppingClock clock = new SteppingClock();
    Stack stack;
    OpenAIClient client;
    String apiKey;

    void start(Map<String, String> settings) throws Exception {
        var all = new java.util.HashMap<>(Map.of("admin-token", ADMIN_TOKEN));
        all.putAll(settings);
        stack = new Stack(dataDir, all, PRICES, clock);
        apiKey = stack.signup("pools@example.com");
        client = OpenAIOkHttpClient.builder().baseUrl(stack.gatewayBase()).apiKey(apiKey).maxRetries(0).build();
    }

    @AfterEach
    void stop() throws Exception {
        if (client != null) client.close();
        if (stack != null) stack.close();
    }

    String addKey(String key, String alias, int priority) throws Exception {
        Stack.Reply r = stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"openai\",\"key\":\"" + key + "\",\"alias\":\""
                + alias + "\",\"priority\":" + priority + ",\"base_url\":\"" + stack.mockBase() + "\"}");
        assertThat(r.status()).as(r.body()).isEqualTo(201);
        return r.json().get("id").asText();
    }

    void script(String json) throws Exception {
        Stack.Reply r = stack.call("POST", "http://127.0.0.1:" + stack.mock.port() + "/_mock/script", null, json);
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    long callsWith(String key) {
        String last4 = key.substring(key.length() - 4);
        return stack.mock.received().stream().filter(r -> last4.equals(r.keyLast4())).count();
    }

    static ChatCompletionCreateParams hello() {
        return ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Say hi").build();
    }

    HttpResponseFor<ChatCompletion> chat() {
        return client.chat().completions().withRawResponse().create(hello());
    }

    JsonNode log(String requestId) throws Exception {
        return KeyLogs.log(stack, apiKey, requestId);
    }

    List<String> outcomes(JsonNode log) {
        return KeyLogs.outcomes(log);
    }

    JsonNode key(String alias) throws Exception {
        return KeyLogs.key(stack, apiKey, alias);
    }

    @Test
    void quarantinesKeyOn401AndServesFromNextUntilItIsRevalidated() throws Exception {
        start(Map.of());
        String a = "sk-mock-first-aaaa";
        String b = "sk-mock-second-bbbb";
        String idA = addKey(a, "first", 1);
        addKey(b, "second", 2);
        script("{\"key\":\"" + a + "\",\"status\":401}");

        HttpResponseFor<ChatCompletion> served = chat();
        assertThat(served.statusCode()).isEqualTo(200);
        assertThat(served.parse().choices()).hasSize(1);
        assertThat(served.headers().values("x-anyrouter-billing")).containsExactly("byok");
        JsonNode log = log(served.headers().values("x-anyrouter-request-id").getFirst());
        assertThat(outcomes(log)).containsExactly("first: 401 quarantined", "second: ok");
        assertThat(log.get("key_alias").asText()).isEqualTo("second");

        JsonNode first = key("first");
        assertThat(first.get("status").asText()).isEqualTo("quarantined");
        assertThat(first.get("status_reason").asText()).contains("401");

        long before = callsWith(a);
        assertThat(chat().statusCode()).isEqualTo(200);
        assertThat(callsWith(a)).as("a quarantined key is not tried").isEqualTo(before);

        assertThat(stack.call("POST", "/api/v1/byok/" + idA + "/validate", apiKey, null).json().get("result").asText())
                .as("still refused by the provider").isEqualTo("rejected");
        stack.call("DELETE", "http://127.0.0.1:" + stack.mock.port() + "/_mock/script", null, null);
        JsonNode valid = stack.call("POST", "/api/v1/byok/" + idA + "/validate", apiKey, null).json();
        assertThat(valid.get("result").asText()).isEqualTo("valid");
        assertThat(valid.at("/key/status").asText()).isEqualTo("active");
        HttpResponseFor<ChatCompletion> back = chat();
        assertThat(outcomes(log(back.headers().values("x-anyrouter-request-id").getFirst()))).containsExactly("first: ok");
    }

    @Test
    void aQuarantineSurvivesARestart() throws Exception {
        start(Map.of());
        addKey("sk-mock-burnt-aaaa", "burnt", 1);
        script("{\"key\":\"sk-mock-burnt-aaaa\",\"status\":401}");
        assertThatThrownBy(this::chat).isInstanceOf(OpenAIException.class);
        for (int i = 0; i < 100 && !key("burnt").get("status").asText().equals("quarantined"); i++) Thread.sleep(50);
        client.close();
        stack.close();
        stack = new Stack(dataDir, Map.of(), PRICES, clock);
        client = null;
        JsonNode burnt = key("burnt");
        assertThat(burnt.get("status").asText()).isEqualTo("quarantined");
        assertThat(burnt.get("status_reason").asText()).contains("invalid key").contains("401");
    }

    @Test
    void a429CoolsTheKeyDownForItsRetryAfterAndEveryKeyCoolingGives429WithTheSmallestWait() throws Exception {
        start(Map.of());
        String a = "sk-mock-cool-aaaa";
        String b = "sk-mock-cool-bbbb";
        addKey(a, "a", 1);
        addKey(b, "b", 2);
        script("{\"key\":\"" + a + "\",\"status\":429,\"retry_after\":20}");

        HttpResponseFor<ChatCompletion> served = chat();
        assertThat(outcomes(log(served.headers().values("x-anyrouter-request-id").getFirst())))
                .containsExactly("a: 429 cool-down 20 s", "b: ok");
        JsonNode cooling = key("a");
        assertThat(cooling.get("status").asText()).isEqualTo("cooling_down");
        assertThat(cooling.get("status_until").asText()).isNotEmpty();

        stack.call("DELETE", "http://127.0.0.1:" + stack.mock.port() + "/_mock/script", null, null);
        clock.advance(Duration.ofSeconds(15));
        long before = callsWith(a);
        chat();
        assertThat(callsWith(a)).as("still cooling after 15 s").isEqualTo(before);
        clock.advance(Duration.ofSeconds(6));
        chat();
        assertThat(callsWith(a)).as("back after 21 s").isEqualTo(before + 1);

        script("{\"key\":\"" + a + "\",\"status\":429,\"retry_after\":40}");
        script("{\"key\":\"" + b + "\",\"status\":429,\"retry_after\":30}");
        assertThatThrownBy(this::chat).isInstanceOfSatisfying(RateLimitException.class, e -> {
            assertThat(e.headers().values("retry-after")).containsExactly("30");
            assertThat(e.getMessage()).contains("rate-limited");
        });
        long calls = stack.mock.received().size();
        assertThatThrownBy(this::chat).isInstanceOf(RateLimitException.class);
        assertThat((long) stack.mock.received().size()).as("no upstream call while every key cools down").isEqualTo(calls);
    }

    @Test
    void aPoolOfTenWhereNineFailAuthIsServedByTheTenth() throws Exception {
        start(Map.of());
        for (int i = 0; i < 10; i++) addKey("sk-mock-ten-key-" + i + "000", "k" + i, i);
        for (int i = 0; i < 9; i++) script("{\"key\":\"sk-mock-ten-key-" + i + "000\",\"status\":" + (i % 2 == 0 ? 401 : 403) + "}");
        HttpResponseFor<ChatCompletion> served = chat();
        assertThat(served.statusCode()).isEqualTo(200);
        List<String> trace = outcomes(log(served.headers().values("x-anyrouter-request-id").getFirst()));
        assertThat(trace).hasSize(10).endsWith("k9: ok");
        assertThat(trace.subList(0, 9)).allSatisfy(t -> assertThat(t).endsWith("quarantined"));
    }

    @Test
    void serverErrorsAndFirstByteTimeoutsMoveToTheNextKeyForJsonAndStreams() throws Exception {
        start(Map.of("upstream-first-byte-timeout-ms", "700"));
        String a = "sk-mock-flaky-aaaa";
        String b = "sk-mock-steady-bbbb";
        addKey(a, "flaky", 1);
        addKey(b, "steady", 2);

        script("{\"key\":\"" + a + "\",\"status\":503,\"times\":1}");
        HttpResponseFor<ChatCompletion> served = chat();
        assertThat(outcomes(log(served.headers().values("x-anyrouter-request-id").getFirst())))
                .containsExactly("flaky: 503 next key", "steady: ok");

        script("{\"key\":\"" + a + "\",\"delay_ms\":3000,\"times\":1}");
        served = chat();
        assertThat(outcomes(log(served.headers().values("x-anyrouter-request-id").getFirst())))
                .containsExactly("flaky: timeout next key", "steady: ok");

        script("{\"key\":\"" + a + "\",\"status\":500,\"times\":1}");
        StringBuilder text = new StringBuilder();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Say hi")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build()).build();
        ChatCompletionChunk last = null;
        try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
            for (ChatCompletionChunk chunk : (Iterable<ChatCompletionChunk>) stream.stream()::iterator) {
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
                last = chunk;
            }
        }
        assertThat(text.toString()).isNotBlank();
        assertThat(last.usage()).isPresent();
        assertThat(last.usage().get()._additionalProperties().get("is_byok").asBoolean()).contains(true);
    }

    @Test
    void aStreamThatBreaksAfterContentEndsWithAnErrorEventNeverASilentSuccess() throws Exception {
        start(Map.of());
        String a = "sk-mock-drop-aaaa";
        addKey(a, "only", 1);
        addKey("sk-mock-spare-bbbb", "spare", 2);
        script("{\"key\":\"" + a + "\",\"fault\":\"drop_mid_stream\",\"chunks\":6}");

        StringBuilder text = new StringBuilder();
        ChatCompletionCreateParams params = ChatCompletionCreateParams.builder().model(MODEL).addUserMessage("Say hi").build();
        assertThatThrownBy(() -> {
            try (StreamResponse<ChatCompletionChunk> stream = client.chat().completions().createStreaming(params)) {
                stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
            }
        }).isInstanceOf(OpenAIException.class);
        String seen = text.toString();

        Stack.Reply raw = stack.call("POST", "/api/v1/chat/completions", apiKey,
                "{\"model\":\"" + MODEL + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}");
        assertThat(raw.status()).isEqualTo(200);
        assertThat(raw.body()).contains("upstream_stream_failed").doesNotContain("[DONE]");
        assertThat(stack.mock.received()).as("no second key was tried after content reached the client")
                .noneMatch(r -> "bbbb".equals(r.keyLast4()) && r.path().endsWith("/chat/completions"));
        String requestId = raw.headers().get("x-anyrouter-request-id").getFirst();
        JsonNode log = log(requestId);
        assertThat(log.get("status").asInt()).isEqualTo(502);
        assertThat(outcomes(log)).singleElement().asString().startsWith("only: ok, then the stream broke");
        // What the client saw is one clean prefix of the answer: nothing was sent twice.
        assertThat(seen).isNotEmpty();
        assertThat(seen.indexOf(seen.substring(0, Math.min(3, seen.length())), 1)).isLessThan(0);
    }

    @Test
    void aRequestsOwnFaultIsReturnedAsItIsAndNeverQuarantines() throws Exception {
        start(Map.of());
        String a = "sk-mock-picky-aaaa";
        addKey(a, "picky", 1);
        addKey("sk-mock-other-bbbb", "other", 2);
        script("{\"key\":\"" + a + "\",\"status\":400,\"times\":1}");
        assertThatThrownBy(this::chat).isInstanceOf(BadRequestException.class);
        assertThat(key("picky").get("status").asText()).isEqualTo("active");
        assertThat(stack.mock.received()).noneMatch(r -> "bbbb".equals(r.keyLast4()) && r.path().endsWith("/chat/completions"));
    }

    @Test
    void whenEveryKeyIsDownCreditsServeOnceAndTheLedgerIsDebitedOnce() throws Exception {
        start(Map.of());
        String mine = "sk-mock-mine-aaaa";
        addKey(mine, "mine", 1);
        Stack.Reply op = stack.call("POST", "/api/v1/admin/provider-keys", ADMIN_TOKEN, "{\"provider\":\"openai\",\"key\":"
                + "\"sk-mock-operator-9999\",\"alias\":\"house\",\"base_url\":\"" + stack.mockBase() + "\"}");
        assertThat(op.status()).as(op.body()).isEqualTo(201);
        assertThat(stack.call("GET", "/api/v1/byok", apiKey, null).body()).doesNotContain("house").doesNotContain("9999");
        script("{\"key\":\"" + mine + "\",\"status\":401}");

        assertThatThrownBy(this::chat).as("credits are off by default").isInstanceOfSatisfying(OpenAIException.class,
                e -> assertThat(e.getMessage()).contains("quarantined"));
        Stack.Reply pool = stack.call("PUT", "/api/v1/byok/pools/openai", apiKey, "{\"strategy\":\"fallback\",\"fallback_to_credits\":true}");
        assertThat(pool.status()).as(pool.body()).isEqualTo(200);
        assertThat(pool.json().get("fallback_to_credits").asBoolean()).isTrue();

        HttpResponseFor<ChatCompletion> served = chat();
        assertThat(served.headers().values("x-anyrouter-billing")).containsExactly("credits");
        ChatCompletion completion = served.parse();
        var usage = completion.usage().orElseThrow();
        assertThat(usage._additionalProperties().get("is_byok").asBoolean()).contains(false);
        double cost = ((Number) usage._additionalProperties().get("cost").asNumber().orElseThrow()).doubleValue();
        long expectedMicros = PRICES.price(MODEL).orElseThrow().costMicros(usage.promptTokens(), usage.completionTokens(), 0);
        assertThat(cost).isEqualTo(expectedMicros / 1_000_000.0).isPositive();
        String requestId = served.headers().values("x-anyrouter-request-id").getFirst();
        assertThat(outcomes(log(requestId))).containsExactly("anyrouter credits: ok");

        JsonNode credits = null;
        for (int i = 0; i < 100; i++) {
            credits = stack.call("GET", "/api/v1/credits", apiKey, null).json();
            if (credits.get("held_usd").asDouble() == 0 && credits.get("entries").size() == 2) break;
            Thread.sleep(50);
        }
        assertThat(credits.get("balance_usd").asDouble()).isEqualTo((2_000_000 - expectedMicros) / 1_000_000.0);
        assertThat(credits.get("entries")).filteredOn(e -> e.get("kind").asText().equals("debit")).singleElement()
                .satisfies(e -> assertThat(e.get("request_id").asText()).isEqualTo(requestId));

        // A limit the balance cannot buy is cut to what it can (issue 14's worst-case reservation),
        // and the answer says so, rather than refusing a request the balance can partly serve.
        Stack.Reply tooDear = stack.call("POST", "/api/v1/chat/completions", apiKey, "{\"model\":\"" + MODEL
                + "\",\"max_tokens\":100000000,\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(tooDear.status()).as(tooDear.body()).isEqualTo(200);
        List<String> capped = tooDear.headers().entrySet().stream().filter(h -> h.getKey().equalsIgnoreCase("x-anyrouter-max-tokens"))
                .flatMap(h -> h.getValue().stream()).toList();
        assertThat(capped).singleElement().satisfies(v -> assertThat(Long.parseLong(v)).isPositive().isLessThan(100_000_000L));
    }

    @Test
    void theOperatorGrantsCreditsThroughTheAdminApiOnlyWithTheToken() throws Exception {
        start(Map.of());
        String grant = "{\"email\":\"pools@example.com\",\"usd\":5,\"request_id\":\"ticket-1\"}";
        assertThat(stack.call("POST", "/api/v1/admin/credits/grant", apiKey, grant).status()).isEqualTo(401);
        Stack.Reply granted = stack.call("POST", "/api/v1/admin/credits/grant", ADMIN_TOKEN, grant);
        assertThat(granted.status()).as(granted.body()).isEqualTo(200);
        assertThat(granted.json().get("balance_usd").asDouble()).isEqualTo(7.0);
        assertThat(stack.call("POST", "/api/v1/admin/credits/grant", ADMIN_TOKEN, grant).json().get("already_granted").asBoolean())
                .isTrue();
        assertThat(stack.call("GET", "/api/v1/credits", apiKey, null).json().get("balance_usd").asDouble()).isEqualTo(7.0);
    }
}
