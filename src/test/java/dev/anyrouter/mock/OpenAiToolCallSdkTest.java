package dev.anyrouter.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.openai.client.OpenAIClient;
import com.openai.core.JsonValue;
import com.openai.core.http.StreamResponse;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionMessageFunctionToolCall;
import com.openai.models.chat.completions.ChatCompletionToolMessageParam;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** openai-java, validating strictly, reads the mock's tool calls, JSON and streamed, and runs a tool loop to its end. */
class OpenAiToolCallSdkTest {

    private static RunningMock running;

    @BeforeAll
    static void start() {
        running = new RunningMock();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @BeforeEach
    void reset() {
        running.reset();
    }

    private static OpenAIClient client(String key) {
        return running.openAi(key);
    }

    private static ChatCompletionCreateParams.Builder weather() {
        return ChatCompletionCreateParams.builder()
                .model("gpt-4.1")
                .addFunctionTool(FunctionDefinition.builder()
                        .name("get_weather")
                        .description("Current weather for a city")
                        .parameters(FunctionParameters.builder()
                                .putAdditionalProperty("type", JsonValue.from("object"))
                                .putAdditionalProperty("properties",
                                        JsonValue.from(Map.of("location", Map.of("type", "string"))))
                                .build())
                        .build())
                .addUserMessage("What's the weather like in Boston today?");
    }

    private static List<ChatCompletionMessageFunctionToolCall> functionCalls(ChatCompletion completion) {
        return completion.choices().getFirst().message().toolCalls().orElseThrow().stream()
                .map(call -> call.asFunction())
                .toList();
    }

    @Test
    void toolCallAnswerValidatesAndFeedsATurnThatEndsInText() {
        OpenAIClient client = client("sk-mock-1");
        ChatCompletion first = client.chat().completions().create(weather().build());

        assertThat(first.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(first.choices().getFirst().message().content()).isEmpty();
        ChatCompletionMessageFunctionToolCall call = functionCalls(first).getFirst();
        assertThat(call.function().name()).isEqualTo("get_weather");
        assertThat(call.function().arguments()).isEqualTo("{\"location\":\"Boston, MA\"}");

        ChatCompletion second = client.chat().completions().create(weather()
                .addMessage(first.choices().getFirst().message())
                .addMessage(ChatCompletionToolMessageParam.builder().toolCallId(call.id()).content("Sunny, 22C").build())
                .build());

        assertThat(second.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        assertThat(second.choices().getFirst().message().content()).isPresent();
    }

    @Test
    void streamedParallelCallsAccumulateToTheSameCallsAsJson() {
        running.script("{\"key\":\"sk-mock-par\",\"parallel_tool_calls\":2}");
        ChatCompletionAccumulator accumulator = ChatCompletionAccumulator.create();

        try (StreamResponse<ChatCompletionChunk> stream =
                client("sk-mock-par").chat().completions().createStreaming(weather().build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        ChatCompletion completion = accumulator.chatCompletion();
        assertThat(completion.choices().getFirst().finishReason())
                .isEqualTo(ChatCompletion.Choice.FinishReason.TOOL_CALLS);
        assertThat(functionCalls(completion)).extracting(call -> call.function().arguments())
                .containsExactly("{\"location\":\"Boston, MA\"}", "{\"location\":\"San Francisco, CA\"}");
        assertThat(functionCalls(completion)).allSatisfy(call -> assertThat(call.id()).startsWith("call_"));
    }
}
