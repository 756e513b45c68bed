package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.JsonValue;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.*;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.*;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.*;
import org.junit.jupiter.api.io.TempDir;

@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrossWireToolLoopTest {
    @TempDir static Path dataDir;
    Stack stack; String apiKey; OpenAIClient openai; AnthropicClient anthropic;

    @BeforeAll void start() throws Exception {
        stack = new Stack(dataDir);
        apiKey = stack.signup("g@example.com");
        for (String[] k : List.of(new String[]{"google","AIzaMockKey00001"}, new String[]{"anthropic","sk-ant-mock-0002"},
                new String[]{"openai","sk-mock-oa-0003"})) {
            Stack.Reply r = stack.addKey(apiKey, k[0], k[1], k[0], "");
            assertThat(r.status()).as(r.body()).isEqualTo(201);
        }
        openai = OpenAIOkHttpClient.builder().baseUrl(stack.gatewayBase()).apiKey(apiKey).maxRetries(0).build();
        anthropic = AnthropicOkHttpClient.builder().baseUrl("http://127.0.0.1:" + stack.gateway.port() + "/api").apiKey(apiKey).maxRetries(0).responseValidation(true).build();
    }
    @AfterAll void stop() throws Exception { stack.close(); }

    FunctionDefinition weather() {
        return FunctionDefinition.builder().name("get_weather").parameters(FunctionParameters.builder()
                .putAdditionalProperty("type", com.openai.core.JsonValue.from("object"))
                .putAdditionalProperty("properties", com.openai.core.JsonValue.from(Map.of("location", Map.of("type", "string")))).build()).build();
    }

    @Test void openAiToEveryMockWireWithToolLoop() {
        for (String model : List.of("google/gemini-2.5-flash", "anthropic/claude-sonnet-4-5", "openai/gpt-4.1-mini")) {
            for (boolean stream : List.of(false, true)) {
                var p = ChatCompletionCreateParams.builder().model(model).addUserMessage("What's the weather in Boston?").addFunctionTool(weather());
                ChatCompletion c;
                if (stream) {
                    var acc = ChatCompletionAccumulator.create();
                    p.streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build());
                    try (var s = openai.chat().completions().createStreaming(p.build())) { s.stream().forEach(acc::accumulate); }
                    c = acc.chatCompletion();
                } else c = openai.chat().completions().create(p.build());
                System.out.println(model + " stream=" + stream + " -> " + c.choices().getFirst().finishReason() + " " + c.choices().getFirst().message().toolCalls());
                assertThat(c.choices().getFirst().finishReason()).as(model + stream).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
                var call = c.choices().getFirst().message().toolCalls().get().getFirst().asFunction();
                assertThat(call.id()).isNotBlank();
                assertThat(c.usage().get().promptTokens()).isPositive();
                // send the result back: the loop ends with text
                ChatCompletion next = openai.chat().completions().create(ChatCompletionCreateParams.builder().model(model)
                        .addUserMessage("What's the weather in Boston?").addFunctionTool(weather())
                        .addMessage(c.choices().getFirst().message())
                        .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("22 degrees").build()).build());
                assertThat(next.choices().getFirst().finishReason()).as(model + " loop").isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
                assertThat(next.choices().getFirst().message().content()).isPresent();
            }
        }
    }

    @Test void anthropicToGeminiMockAndOpenAiMockWithToolLoop() {
        for (String model : List.of("google/gemini-2.5-flash", "openai/gpt-4.1-mini", "claude-sonnet-4-5")) {
            for (boolean stream : List.of(false, true)) {
                var p = MessageCreateParams.builder().model(model).maxTokens(512).addUserMessage("What's the weather in Boston?")
                        .addTool(Tool.builder().name("get_weather").inputSchema(Tool.InputSchema.builder().properties(JsonValue.from(Map.of("location", Map.of("type", "string")))).build()).build());
                Message m;
                if (stream) {
                    var acc = MessageAccumulator.create();
                    try (var s = anthropic.messages().createStreaming(p.build())) { s.stream().forEach(acc::accumulate); }
                    m = acc.message();
                } else m = anthropic.messages().create(p.build());
                System.out.println(model + " stream=" + stream + " -> " + m.stopReason() + " " + m.content());
                assertThat(m.stopReason()).as(model + stream).contains(StopReason.TOOL_USE);
                ToolUseBlock use = m.content().stream().filter(ContentBlock::isToolUse).findFirst().get().asToolUse();
                Message next = anthropic.messages().create(p.addMessage(m).addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId(use.id()).content("22 degrees").build()))).build());
                assertThat(next.stopReason()).as(model + " loop").contains(StopReason.END_TURN);
            }
        }
    }
}
