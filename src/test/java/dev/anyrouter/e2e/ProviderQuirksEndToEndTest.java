package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.MessageCreateParams;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.core.http.HttpResponseFor;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The catalog's OpenAI-wire quirks, end to end: the official SDKs call the gateway, the gateway
 * calls a recording upstream as the catalog row says that provider wants, and the client is told
 * what was dropped. One case per distinct quirk, on a real catalog row that carries it: MiniMax's
 * output cap is max_completion_tokens and it takes no parallel_tool_calls; Parasail refuses store,
 * service_tier and prompt_cache_key; Mistral takes no stream_options, names the cap max_tokens and takes
 * only nine-character tool-call ids; DeepInfra has no quirk, so its request goes as the client sent it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ProviderQuirksEndToEndTest {
    @TempDir static Path dataDir;
    Stack stack;
    WireStub upstream;
    String apiKey;
    OpenAIClient openai;
    AnthropicClient anthropic;

    @BeforeAll
    void start() throws Exception {
        stack = new Stack(dataDir);
        upstream = new WireStub();
        apiKey = stack.signup("quirks@example.com");
        for (String provider : new String[] {"minimax", "parasail", "deepinfra", "mistral"}) {
            Stack.Reply r = stack.call("POST", "/api/v1/byok", apiKey, "{\"provider\":\"" + provider + "\",\"key\":\"sk-quirk-"
                    + provider + "-0001\",\"alias\":\"" + provider + "\",\"base_url\":\"" + upstream.base() + "/v1\"}");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        openai = OpenAIOkHttpClient.builder().baseUrl(stack.gatewayBase()).apiKey(apiKey).maxRetries(0).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + stack.gateway.port() + "/api").apiKey(apiKey)
                .maxRetries(0).build();
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
        upstream.close();
    }

    private HttpResponseFor<ChatCompletion> chat(String model) {
        upstream.answer(WireStub.Scenario.TEXT);
        return openai.chat().completions().withRawResponse().create(ChatCompletionCreateParams.builder()
                .model(model).addUserMessage("Say hi")
                .putAdditionalBodyProperty("max_tokens", JsonValue.from(64))
                .parallelToolCalls(false)
                .store(true)
                .putAdditionalBodyProperty("service_tier", JsonValue.from("auto"))
                .build());
    }

    @Test
    void theOutputCapTakesTheUpstreamsNameAndARefusedToolCallFieldIsDroppedAndListed() {
        HttpResponseFor<ChatCompletion> reply = chat("minimax/MiniMax-M2.7");

        assertThat(reply.statusCode()).isEqualTo(200);
        var sent = upstream.last().body();
        assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(64);
        assertThat(sent.has("max_tokens")).isFalse();
        assertThat(sent.has("parallel_tool_calls")).isFalse();
        assertThat(sent.path("store").asBoolean()).as("MiniMax refuses only what its row says").isTrue();
        assertThat(sent.path("model").asText()).isEqualTo("MiniMax-M2.7");
        assertThat(reply.headers().values("x-anyrouter-dropped-params")).containsExactly("parallel_tool_calls");
        assertThat(reply.parse().choices().getFirst().message().content()).isPresent();
    }

    @Test
    void refusedFieldsAreRemovedAndTheClientIsTold() {
        HttpResponseFor<ChatCompletion> reply = chat("parasail/parasail-deepseek-v3-0324");

        assertThat(reply.statusCode()).isEqualTo(200);
        var sent = upstream.last().body();
        assertThat(sent.has("store")).isFalse();
        assertThat(sent.has("service_tier")).isFalse();
        assertThat(sent.path("parallel_tool_calls").isBoolean()).as("Parasail takes it").isTrue();
        assertThat(sent.path("max_tokens").asInt()).as("either name is fine for Parasail: the client's is kept").isEqualTo(64);
        assertThat(reply.headers().values("x-anyrouter-dropped-params")).containsExactly("store, service_tier");
    }

    @Test
    void aProviderWithoutQuirksGetsTheRequestAsTheClientSentIt() {
        HttpResponseFor<ChatCompletion> reply = chat("deepinfra/deepseek-ai/DeepSeek-V4-Pro");

        assertThat(reply.statusCode()).isEqualTo(200);
        var sent = upstream.last().body();
        assertThat(sent.path("max_tokens").asInt()).isEqualTo(64);
        assertThat(sent.path("store").asBoolean()).isTrue();
        assertThat(sent.path("service_tier").asText()).isEqualTo("auto");
        assertThat(sent.path("parallel_tool_calls").isBoolean()).isTrue();
        assertThat(reply.headers().values("x-anyrouter-dropped-params")).isEmpty();
    }

    @Test
    void aRequestTranslatedFromAnotherWireIsShapedByTheSameQuirks() {
        upstream.answer(WireStub.Scenario.TEXT);
        var reply = anthropic.messages().withRawResponse().create(MessageCreateParams.builder()
                .model("minimax/MiniMax-M2.7").maxTokens(32).addUserMessage("Say hi").build());

        assertThat(reply.statusCode()).isEqualTo(200);
        var sent = upstream.last().body();
        assertThat(upstream.last().path()).isEqualTo("/v1/chat/completions");
        assertThat(sent.path("max_completion_tokens").asInt()).isEqualTo(32);
        assertThat(sent.has("max_tokens")).isFalse();
    }

    @Test
    void anUpstreamWithoutStreamOptionsIsNeverSentThemAndTheClientStillStreams() {
        upstream.answer(WireStub.Scenario.TEXT);
        var reply = openai.chat().completions().withRawResponse().createStreaming(ChatCompletionCreateParams.builder()
                .model("mistral/mistral-large-latest").addUserMessage("Say hi").maxCompletionTokens(48)
                .streamOptions(com.openai.models.chat.completions.ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build());

        assertThat(reply.statusCode()).isEqualTo(200);
        assertThat(reply.headers().values("x-anyrouter-dropped-params")).containsExactly("stream_options");
        StringBuilder text = new StringBuilder();
        java.util.concurrent.atomic.AtomicLong usage = new java.util.concurrent.atomic.AtomicLong();
        try (var stream = reply.parse()) {
            stream.stream().forEach(chunk -> {
                chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append));
                chunk.usage().ifPresent(u -> usage.set(u.totalTokens()));
            });
        }
        assertThat(text).isNotEmpty();
        assertThat(usage.get()).as("the upstream's own usage chunk reaches the client").isPositive();
        var sent = upstream.last().body();
        assertThat(sent.path("stream").asBoolean()).isTrue();
        assertThat(sent.has("stream_options")).isFalse();
        assertThat(sent.path("max_tokens").asInt()).as("Mistral's one name for the cap").isEqualTo(48);
        assertThat(sent.has("max_completion_tokens")).isFalse();

        upstream.answer(WireStub.Scenario.TEXT);
        try (var plain = openai.chat().completions().createStreaming(ChatCompletionCreateParams.builder()
                .model("mistral/mistral-large-latest").addUserMessage("Say hi").build())) {
            assertThat(plain.stream().count()).isPositive();
        }
        assertThat(upstream.last().body().has("stream_options")).as("the gateway does not ask for it either").isFalse();
    }

    @Test
    void toolCallIdsTheUpstreamRefusesAreRewrittenInPairsFromEitherWire() {
        upstream.answer(WireStub.Scenario.TEXT);
        var reply = openai.chat().completions().withRawResponse().create(ChatCompletionCreateParams.builder()
                .model("mistral/mistral-large-latest")
                .addUserMessage("Weather in Paris?")
                .addMessage(com.openai.models.chat.completions.ChatCompletionAssistantMessageParam.builder()
                        .addToolCall(com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall.builder()
                                .id("call_Pw3vXq81LmNa0zYtQ2")
                                .function(com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall.Function.builder()
                                        .name("weather").arguments("{\"city\":\"Paris\"}").build())
                                .build())
                        .build())
                .addMessage(com.openai.models.chat.completions.ChatCompletionToolMessageParam.builder()
                        .toolCallId("call_Pw3vXq81LmNa0zYtQ2").content("sunny").build())
                .build());

        assertThat(reply.statusCode()).isEqualTo(200);
        var messages = upstream.last().body().path("messages");
        String call = messages.path(1).path("tool_calls").path(0).path("id").asText();
        assertThat(call).matches("[A-Za-z0-9]{9}");
        assertThat(messages.path(2).path("tool_call_id").asText()).isEqualTo(call);
        assertThat(reply.headers().values("x-anyrouter-dropped-params")).isEmpty();

        upstream.answer(WireStub.Scenario.TEXT);
        var translated = anthropic.messages().create(MessageCreateParams.builder()
                .model("mistral/mistral-large-latest").maxTokens(32)
                .addUserMessage("Weather in Paris?")
                .addAssistantMessageOfContentBlockParams(java.util.List.of(com.anthropic.models.messages.ContentBlockParam.ofToolUse(
                        com.anthropic.models.messages.ToolUseBlockParam.builder().id("toolu_01A09q90qw90lq917835lq9").name("weather")
                                .input(com.anthropic.core.JsonValue.from(java.util.Map.of("city", "Paris"))).build())))
                .addUserMessageOfContentBlockParams(java.util.List.of(com.anthropic.models.messages.ContentBlockParam.ofToolResult(
                        com.anthropic.models.messages.ToolResultBlockParam.builder().toolUseId("toolu_01A09q90qw90lq917835lq9")
                                .content("sunny").build())))
                .build());
        assertThat(translated.content()).isNotEmpty();
        var fromAnthropic = upstream.last().body().path("messages");
        String translatedCall = fromAnthropic.path(1).path("tool_calls").path(0).path("id").asText();
        assertThat(translatedCall).matches("[A-Za-z0-9]{9}");
        assertThat(fromAnthropic.path(2).path("role").asText()).isEqualTo("tool");
        assertThat(fromAnthropic.path(2).path("tool_call_id").asText()).isEqualTo(translatedCall);

        upstream.answer(WireStub.Scenario.TEXT);
        openai.chat().completions().create(ChatCompletionCreateParams.builder().model("deepinfra/deepseek-ai/DeepSeek-V4-Pro")
                .addUserMessage("Weather in Paris?")
                .addMessage(com.openai.models.chat.completions.ChatCompletionToolMessageParam.builder()
                        .toolCallId("call_Pw3vXq81LmNa0zYtQ2").content("sunny").build())
                .build());
        assertThat(upstream.last().body().path("messages").path(1).path("tool_call_id").asText())
                .as("an upstream without the quirk gets the client's id").isEqualTo("call_Pw3vXq81LmNa0zYtQ2");
    }
}
