package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.WebSearchTool20250305;
import com.fasterxml.jackson.databind.JsonNode;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseStreamEvent;
import com.openai.models.responses.ResponseUsage;
import com.openai.models.responses.Tool;
import com.openai.models.responses.WebSearchPreviewTool;
import com.openai.models.responses.WebSearchTool;
import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.billing.PriceBook;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What credits buy beyond a model's list price is charged, through the official SDKs against the
 * mock: each web search an answer reports (OpenAI's {@code web_search} $0.01 and
 * {@code web_search_preview} $0.025 a call, Anthropic's $0.01 a search, as
 * {@code catalog/surcharges.yaml} prices them) and a priced service tier. The cost the OpenAI wires
 * write in {@code usage.cost} is the one the ledger debits (the Anthropic wire is relayed byte for
 * byte and has no {@code cost}: there the debit is checked alone). Expected costs are worked out
 * here by hand from the table's figures, not by the gateway's code.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CreditsExtrasEndToEndTest {
    static final String GPT = "openai/gpt-4.1";
    static final String SONNET = "anthropic/claude-sonnet-4-5";
    /** gpt-4.1: $2 / $8 per million (2 and 8 micro-dollars a token); sonnet: $3 / $15. */
    static final PriceBook PRICES = PriceBook.of(Map.of(GPT, ModelPrice.usd("2", "8"), SONNET, ModelPrice.usd("3", "15")));
    static final long WEB_SEARCH = 10_000;
    static final long WEB_SEARCH_PREVIEW = 25_000;

    @TempDir
    static Path dataDir;

    Stack stack;
    OpenAIClient openai;
    AnthropicClient anthropic;
    String apiKey;

    @BeforeAll
    void start() throws Exception {
        stack = new Stack(dataDir, Map.of("admin-token", OnCredits.ADMIN_TOKEN), PRICES, Clock.systemUTC());
        OnCredits.operatorKeys(stack);
        apiKey = OnCredits.account(stack, "extras@example.com");
        openai = OpenAIOkHttpClient.builder().baseUrl(stack.gatewayBase()).apiKey(apiKey).maxRetries(0).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + stack.gateway.port() + "/api")
                .apiKey(apiKey).maxRetries(0).build();
    }

    @AfterAll
    void stop() throws Exception {
        if (openai != null) openai.close();
        if (anthropic != null) anthropic.close();
        if (stack != null) stack.close();
    }

    @Test
    void eachWebSearchOfAResponsesAnswerIsInUsageCostAndInTheDebit() throws Exception {
        long before = balance();
        Response response = openai.responses().create(ResponseCreateParams.builder().model(GPT).store(false)
                .input("search the rivers, then search their deltas")
                .addTool(Tool.ofWebSearch(WebSearchTool.builder().type(WebSearchTool.Type.WEB_SEARCH).build())).build());

        assertThat(response.output()).filteredOn(o -> o.isWebSearchCall()).hasSize(2);
        ResponseUsage usage = response.usage().orElseThrow();
        long expected = usage.inputTokens() * 2 + usage.outputTokens() * 8 + 2 * WEB_SEARCH;
        assertThat(micros(usage._additionalProperties().get("cost"))).isEqualTo(expected);
        assertThat(before - settledBalance(before)).isEqualTo(expected);
    }

    @Test
    void aStreamedResponsesSearchWithThePreviewToolIsChargedItsDearerFee() throws Exception {
        long before = balance();
        ResponseUsage usage = null;
        int searches = 0;
        try (var stream = openai.responses().createStreaming(ResponseCreateParams.builder().model(GPT).store(false)
                .input("search the rivers").addTool(Tool.ofWebSearchPreview(WebSearchPreviewTool.builder()
                        .type(WebSearchPreviewTool.Type.WEB_SEARCH_PREVIEW).build())).build())) {
            for (ResponseStreamEvent event : (Iterable<ResponseStreamEvent>) stream.stream()::iterator) {
                if (event.isWebSearchCallCompleted()) searches++;
                if (event.isCompleted()) usage = event.asCompleted().response().usage().orElseThrow();
            }
        }
        assertThat(searches).isEqualTo(1);
        assertThat(usage).isNotNull();
        long expected = usage.inputTokens() * 2 + usage.outputTokens() * 8 + WEB_SEARCH_PREVIEW;
        assertThat(micros(usage._additionalProperties().get("cost"))).isEqualTo(expected);
        assertThat(before - settledBalance(before)).isEqualTo(expected);
    }

    @Test
    void anthropicWebSearchesAreDebitedPerSearchWholeAndStreamed() throws Exception {
        long before = balance();
        Message message = anthropic.messages().create(MessageCreateParams.builder().model(SONNET).maxTokens(512)
                .addUserMessage("search the rivers, then search their deltas").addTool(WebSearchTool20250305.builder().build()).build());
        long searches = message.usage().serverToolUse().orElseThrow().webSearchRequests();
        assertThat(searches).isEqualTo(2);
        long expected = message.usage().inputTokens() * 3 + message.usage().outputTokens() * 15 + 2 * WEB_SEARCH;
        long afterWhole = settledBalance(before);
        assertThat(before - afterWhole).isEqualTo(expected);

        MessageAccumulator accumulator = MessageAccumulator.create();
        try (StreamResponse<RawMessageStreamEvent> stream = anthropic.messages().createStreaming(MessageCreateParams.builder()
                .model(SONNET).maxTokens(512).addUserMessage("search the rivers").addTool(WebSearchTool20250305.builder().build())
                .build())) {
            stream.stream().forEach(accumulator::accumulate);
        }
        Message streamed = accumulator.message();
        assertThat(streamed.usage().serverToolUse().orElseThrow().webSearchRequests()).isEqualTo(1);
        assertThat(streamed.content()).anySatisfy(block -> assertThat(block.isServerToolUse()).isTrue());
        long expectedStreamed = streamed.usage().inputTokens() * 3 + streamed.usage().outputTokens() * 15 + WEB_SEARCH;
        assertThat(afterWhole - settledBalance(afterWhole)).isEqualTo(expectedStreamed);
    }

    @Test
    void thePriorityTierIsChargedAtItsOwnPricesInUsageCost() throws Exception {
        long before = balance();
        ChatCompletion completion = openai.chat().completions().create(ChatCompletionCreateParams.builder().model(GPT)
                .serviceTier(ChatCompletionCreateParams.ServiceTier.PRIORITY).addUserMessage("Say hi").build());
        var usage = completion.usage().orElseThrow();
        // gpt-4.1 on priority: $3.50 / $14 per million.
        long expected = new BigDecimal(usage.promptTokens()).multiply(new BigDecimal("3.5"))
                .add(new BigDecimal(usage.completionTokens()).multiply(new BigDecimal("14"))).setScale(0, RoundingMode.CEILING).longValueExact();
        assertThat(expected).isGreaterThan(usage.promptTokens() * 2 + usage.completionTokens() * 8);
        assertThat(micros(usage._additionalProperties().get("cost"))).isEqualTo(expected);
        assertThat(before - settledBalance(before)).isEqualTo(expected);
    }

    private long balance() throws Exception {
        return OnCredits.micros(OnCredits.credits(stack, apiKey).get("balance_usd"));
    }

    /** The balance once the request's hold is settled (the debit commits after the client has its answer). */
    private long settledBalance(long before) throws Exception {
        for (int i = 0; i < 200; i++) {
            JsonNode credits = OnCredits.credits(stack, apiKey);
            long balance = OnCredits.micros(credits.get("balance_usd"));
            if (credits.get("held_usd").asDouble() == 0 && balance != before) return balance;
            Thread.sleep(25);
        }
        throw new AssertionError("the request was never settled");
    }

    private static long micros(JsonValue usd) {
        return Math.round(usd.convert(Double.class) * 1_000_000);
    }
}
