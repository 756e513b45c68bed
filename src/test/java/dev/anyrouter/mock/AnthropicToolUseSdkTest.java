package dev.anyrouter.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.anthropic.client.AnthropicClient;
import com.anthropic.core.JsonValue;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.ContentBlock;
import com.anthropic.models.messages.ContentBlockParam;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.messages.Tool;
import com.anthropic.models.messages.ToolResultBlockParam;
import com.anthropic.models.messages.ToolUseBlock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** anthropic-java, validating strictly, reads the mock's tool use, JSON and streamed, and runs a tool loop to its end. */
class AnthropicToolUseSdkTest {

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

    private static AnthropicClient client(String key) {
        return running.anthropic(key);
    }

    private static MessageCreateParams.Builder weather() {
        return MessageCreateParams.builder()
                .model("claude-sonnet-4-5")
                .maxTokens(1024)
                .addTool(Tool.builder()
                        .name("get_weather")
                        .description("Current weather for a city")
                        .inputSchema(Tool.InputSchema.builder()
                                .properties(Tool.InputSchema.Properties.builder()
                                        .putAdditionalProperty("location", JsonValue.from(Map.of("type", "string")))
                                        .build())
                                .build())
                        .build())
                .addUserMessage("What's the weather like in Boston today?");
    }

    private static List<ToolUseBlock> toolUses(Message message) {
        return message.content().stream().filter(ContentBlock::isToolUse).map(ContentBlock::asToolUse).toList();
    }

    @Test
    void toolUseAnswerValidatesAndFeedsATurnThatEndsInText() {
        AnthropicClient client = client("sk-ant-mock-1");
        Message first = client.messages().create(weather().build());

        assertThat(first.stopReason()).contains(StopReason.TOOL_USE);
        ToolUseBlock use = toolUses(first).getFirst();
        assertThat(use.name()).isEqualTo("get_weather");
        assertThat(use._input().convert(Map.class)).isEqualTo(Map.of("location", "Boston, MA"));

        Message second = client.messages().create(weather()
                .addMessage(first)
                .addUserMessageOfContentBlockParams(List.of(ContentBlockParam.ofToolResult(
                        ToolResultBlockParam.builder().toolUseId(use.id()).content("Sunny, 22C").build())))
                .build());

        assertThat(second.stopReason()).contains(StopReason.END_TURN);
        assertThat(second.content().getFirst().isText()).isTrue();
    }

    @Test
    void streamedParallelToolUseAccumulatesToTheSameBlocksAsJson() {
        running.script("{\"key\":\"sk-ant-par\",\"parallel_tool_calls\":2}");
        MessageAccumulator accumulator = MessageAccumulator.create();

        try (StreamResponse<RawMessageStreamEvent> stream =
                client("sk-ant-par").messages().createStreaming(weather().build())) {
            stream.stream().forEach(accumulator::accumulate);
        }

        Message message = accumulator.message();
        assertThat(message.stopReason()).contains(StopReason.TOOL_USE);
        assertThat(toolUses(message)).extracting(use -> use._input().convert(Map.class))
                .containsExactly(Map.of("location", "Boston, MA"), Map.of("location", "San Francisco, CA"));
        assertThat(toolUses(message)).allSatisfy(use -> assertThat(use.id()).startsWith("toolu_01"));
    }
}
