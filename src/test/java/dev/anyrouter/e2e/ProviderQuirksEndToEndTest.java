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
 * service_tier and prompt_cache_key; DeepInfra has no quirk, so its request goes as the client sent it.
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
        for (String provider : new String[] {"minimax", "parasail", "deepinfra"}) {
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
}
