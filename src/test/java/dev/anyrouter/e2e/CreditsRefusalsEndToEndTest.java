package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.models.messages.CodeExecutionTool20250825;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.ToolSearchToolRegex20251119;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.models.chat.completions.ChatCompletionAudioParam;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.FileSearchTool;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponsePrompt;
import com.openai.models.responses.Tool;
import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.billing.PriceBook;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every field {@code catalog/surcharges.yaml} refuses on credits, sent through the official SDK of
 * the client's wire: a 400 {@code not_available_on_credits} in that wire (OpenAI's error names the
 * field in {@code param}; Anthropic's, which has no {@code param}, in its message), nothing sent
 * upstream, the balance, the held credit and the ledger as they were, and the request's log entry
 * a refusal that cost nothing. The same fields on the caller's own key are none of this test's
 * business: only credits refuse them.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CreditsRefusalsEndToEndTest {
    static final String GPT = "openai/gpt-4.1";
    static final String SONNET = "anthropic/claude-sonnet-4-5";
    static final PriceBook PRICES = PriceBook.of(Map.of(GPT, ModelPrice.usd("2", "8"), SONNET, ModelPrice.usd("3", "15")));

    @TempDir
    static Path dataDir;

    Stack stack;
    LogCapture logs;
    OpenAIClient openai;
    AnthropicClient anthropic;
    String apiKey;

    @BeforeAll
    void start() throws Exception {
        logs = LogCapture.attach();
        stack = new Stack(dataDir, Map.of("admin-token", OnCredits.ADMIN_TOKEN), PRICES, Clock.systemUTC());
        OnCredits.operatorKeys(stack);
        apiKey = OnCredits.account(stack, "refused@example.com");
        openai = OpenAIOkHttpClient.builder().baseUrl(stack.gatewayBase()).apiKey(apiKey).maxRetries(0).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + stack.gateway.port() + "/api")
                .apiKey(apiKey).maxRetries(0).build();
    }

    @AfterAll
    void stop() throws Exception {
        if (openai != null) openai.close();
        if (anthropic != null) anthropic.close();
        if (stack != null) stack.close();
        if (logs != null) logs.close();
    }

    private static ChatCompletionCreateParams.Builder chat() {
        return ChatCompletionCreateParams.builder().model(GPT).addUserMessage("Say hi");
    }

    private static ResponseCreateParams.Builder responses() {
        return ResponseCreateParams.builder().model(GPT).store(false).input("Say hi");
    }

    private static MessageCreateParams.Builder messages() {
        return MessageCreateParams.builder().model(SONNET).maxTokens(256).addUserMessage("Say hi");
    }

    static Stream<Arguments> openAiRefusals() {
        return Stream.of(
                Arguments.of("chat store", "store", (Consumer<OpenAIClient>) c -> c.chat().completions().create(chat().store(true).build())),
                Arguments.of("chat audio", "audio", (Consumer<OpenAIClient>) c -> c.chat().completions().create(chat()
                        .audio(ChatCompletionAudioParam.builder().voice("alloy").format(ChatCompletionAudioParam.Format.WAV).build())
                        .build())),
                Arguments.of("chat audio modality", "modalities", (Consumer<OpenAIClient>) c -> c.chat().completions().create(chat()
                        .addModality(ChatCompletionCreateParams.Modality.TEXT).addModality(ChatCompletionCreateParams.Modality.AUDIO)
                        .build())),
                Arguments.of("chat web_search_options", "web_search_options", (Consumer<OpenAIClient>) c -> c.chat().completions()
                        .create(chat().webSearchOptions(ChatCompletionCreateParams.WebSearchOptions.builder().build()).build())),
                Arguments.of("chat unpriced service tier", "service_tier", (Consumer<OpenAIClient>) c -> c.chat().completions()
                        .create(chat().serviceTier(ChatCompletionCreateParams.ServiceTier.FLEX).build())),
                Arguments.of("responses background", "background", (Consumer<OpenAIClient>) c -> c.responses()
                        .create(responses().background(true).build())),
                Arguments.of("responses store", "store", (Consumer<OpenAIClient>) c -> c.responses().create(responses().store(true).build())),
                Arguments.of("responses previous_response_id", "previous_response_id", (Consumer<OpenAIClient>) c -> c.responses()
                        .create(responses().previousResponseId("resp_0123456789abcdef").build())),
                Arguments.of("responses conversation", "conversation", (Consumer<OpenAIClient>) c -> c.responses()
                        .create(responses().conversation("conv_0123456789abcdef").build())),
                Arguments.of("responses stored prompt", "prompt", (Consumer<OpenAIClient>) c -> c.responses()
                        .create(responses().prompt(ResponsePrompt.builder().id("pmpt_0123456789abcdef").build()).build())),
                Arguments.of("responses file_search", "tools[0].type", (Consumer<OpenAIClient>) c -> c.responses().create(responses()
                        .addTool(Tool.ofFileSearch(FileSearchTool.builder().addVectorStoreId("vs_0123").build())).build())),
                Arguments.of("responses code_interpreter", "tools[0].type", (Consumer<OpenAIClient>) c -> c.responses().create(responses()
                        .addTool(Tool.ofCodeInterpreter(Tool.CodeInterpreter.builder().container("cntr_0123").build())).build())),
                Arguments.of("responses image_generation", "tools[0].type", (Consumer<OpenAIClient>) c -> c.responses()
                        .create(responses().addTool(Tool.ofImageGeneration(Tool.ImageGeneration.builder().build())).build())),
                Arguments.of("responses mcp", "tools[0].type", (Consumer<OpenAIClient>) c -> c.responses().create(responses()
                        .addTool(Tool.ofMcp(Tool.Mcp.builder().serverLabel("docs").serverUrl("https://mcp.example.com/sse").build()))
                        .build())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("openAiRefusals")
    void anOpenAiFieldCreditsCannotSellIsA400NamingItAndChangesNothing(String name, String param, Consumer<OpenAIClient> call)
            throws Exception {
        Books before = books();
        var refused = catchThrowableOfType(com.openai.errors.BadRequestException.class, () -> call.accept(openai));

        assertThat(refused).as("%s was served on credits", name).isNotNull();
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.code()).contains("not_available_on_credits");
        assertThat(refused.param()).contains(param);
        assertThat(refused.type()).contains("invalid_request_error");
        assertThat(refused.getMessage()).contains("not available on credits");
        assertUnchanged(before, refused.headers().values("x-anyrouter-request-id"));
    }

    static Stream<Arguments> anthropicRefusals() {
        return Stream.of(
                Arguments.of("container", "'container'", (Consumer<AnthropicClient>) c -> c.messages().create(messages()
                        .container("container_0123456789").build())),
                Arguments.of("mcp_servers", "'mcp_servers'", (Consumer<AnthropicClient>) c -> c.messages().create(messages()
                        .putAdditionalBodyProperty("mcp_servers", com.anthropic.core.JsonValue.from(List.of(Map.of("type", "url",
                                "url", "https://mcp.example.com/sse", "name", "docs")))).build())),
                Arguments.of("code execution", "tools[0].type", (Consumer<AnthropicClient>) c -> c.messages().create(messages()
                        .addTool(CodeExecutionTool20250825.builder().build()).build())),
                Arguments.of("tool search", "tools[0].type", (Consumer<AnthropicClient>) c -> c.messages().create(messages()
                        .addTool(ToolSearchToolRegex20251119.builder().type(ToolSearchToolRegex20251119.Type.TOOL_SEARCH_TOOL_REGEX_20251119)
                                .build()).build())),
                Arguments.of("an unknown beta", "anthropic-beta", (Consumer<AnthropicClient>) c -> c.messages().create(messages()
                        .putAdditionalHeader("anthropic-beta", "files-api-2025-04-14").build())),
                Arguments.of("an unpriced service tier", "'service_tier'", (Consumer<AnthropicClient>) c -> c.messages().create(messages()
                        .serviceTier(MessageCreateParams.ServiceTier.of("priority")).build())));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("anthropicRefusals")
    void anAnthropicFieldCreditsCannotSellIsA400NamingItAndChangesNothing(String name, String named, Consumer<AnthropicClient> call)
            throws Exception {
        Books before = books();
        var refused = catchThrowableOfType(com.anthropic.errors.BadRequestException.class, () -> call.accept(anthropic));

        assertThat(refused).as("%s was served on credits", name).isNotNull();
        assertThat(refused.statusCode()).isEqualTo(400);
        JsonNode body = refused.body().convert(JsonNode.class);
        assertThat(body.path("type").asText()).as("Anthropic's error shape").isEqualTo("error");
        assertThat(body.at("/error/type").asText()).isEqualTo("invalid_request_error");
        assertThat(body.at("/error/message").asText()).contains(named).contains("not available on credits");
        assertUnchanged(before, refused.headers().values("x-anyrouter-request-id"));
    }

    @Test
    void aResponsesRequestThatLeavesStoreOutIsServedWithStoreOffSoNothingStaysInTheOperatorsAccount() {
        // OpenAI stores a response unless told not to; the mock, like OpenAI, echoes what it was sent.
        var response = openai.responses().create(ResponseCreateParams.builder().model(GPT).input("Say hi").build());
        assertThat(response._additionalProperties().get("store").convert(Boolean.class)).isFalse();
        assertThat(response.output()).isNotEmpty();
    }

    @Test
    void nothingTheRefusalsWroteNamesAKey() throws Exception {
        anOpenAiFieldCreditsCannotSellIsA400NamingItAndChangesNothing("again", "store",
                c -> c.chat().completions().create(chat().store(true).build()));
        for (String secret : List.of(apiKey, OnCredits.OPENAI_OPERATOR_KEY, OnCredits.ANTHROPIC_OPERATOR_KEY)) {
            assertThat(SecretScan.inTexts("log", logs.lines(), secret)).isEmpty();
        }
    }

    /** What a refusal must leave as it was. */
    record Books(long balanceMicros, long heldMicros, JsonNode entries, int upstreamCalls) {}

    private Books books() throws Exception {
        JsonNode credits = OnCredits.credits(stack, apiKey);
        return new Books(OnCredits.micros(credits.get("balance_usd")), OnCredits.micros(credits.get("held_usd")), credits.get("entries"),
                stack.mock.received().size());
    }

    private void assertUnchanged(Books before, List<String> requestIds) throws Exception {
        assertThat(books()).isEqualTo(before);
        assertThat(requestIds).hasSize(1);
        JsonNode log = stack.awaitLog(apiKey, requestIds.getFirst());
        assertThat(log.path("status").asInt()).isEqualTo(400);
        assertThat(log.path("error_code").asText()).isEqualTo("not_available_on_credits");
        assertThat(log.path("cost_usd").asDouble()).isZero();
        assertThat(books()).as("nothing settled after the log was written").isEqualTo(before);
    }
}
