package dev.anyrouter.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.core.http.StreamResponse;
import com.anthropic.errors.RateLimitException;
import com.anthropic.errors.UnauthorizedException;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.models.messages.RawMessageStreamEvent;
import com.anthropic.models.messages.StopReason;
import com.anthropic.models.models.ModelInfo;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official anthropic-java SDK, with strict response validation, talks to the mock as to Anthropic. */
class AnthropicSdkTest {

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

    private static MessageCreateParams hello(long maxTokens) {
        return MessageCreateParams.builder()
                .model("claude-sonnet-4-5")
                .maxTokens(maxTokens)
                .system("Be brief.")
                .addUserMessage("Say hello to the mock, please!")
                .build();
    }

    @Test
    void answersMessageTheSdkValidates() {
        Message message = client("sk-ant-mock-1").messages().create(hello(1024));

        assertThat(message.id()).startsWith("msg_01");
        assertThat(message.model().asString()).isEqualTo("claude-sonnet-4-5");
        assertThat(message.content()).hasSize(1);
        assertThat(message.content().getFirst().asText().text()).isEqualTo(ReplyText.text(ReplyText.DEFAULT_PIECES));
        assertThat(message.stopReason()).contains(StopReason.END_TURN);
        // "Be brief." (9) + "Say hello to the mock, please!" (30) = 39 characters: 10 tokens.
        assertThat(message.usage().inputTokens()).isEqualTo(10);
        assertThat(message.usage().outputTokens()).isEqualTo(ReplyText.DEFAULT_PIECES);
    }

    @Test
    void stopsAtMaxTokensWithStopReasonMaxTokens() {
        Message message = client("sk-ant-mock-1").messages().create(hello(4));

        assertThat(message.content().getFirst().asText().text()).isEqualTo("This is a mock");
        assertThat(message.stopReason()).contains(StopReason.MAX_TOKENS);
    }

    @Test
    void streamsEventsInAnthropicsOrder() {
        List<RawMessageStreamEvent> events = new ArrayList<>();
        try (StreamResponse<RawMessageStreamEvent> stream =
                client("sk-ant-mock-1").messages().createStreaming(hello(1024))) {
            stream.stream().forEach(event -> events.add(event.validate()));
        }

        assertThat(events.getFirst().isMessageStart()).isTrue();
        assertThat(events.getFirst().asMessageStart().message().usage().inputTokens()).isEqualTo(10);
        assertThat(events.get(1).isContentBlockStart()).isTrue();
        StringBuilder text = new StringBuilder();
        events.stream().filter(RawMessageStreamEvent::isContentBlockDelta)
                .forEach(event -> text.append(event.asContentBlockDelta().delta().text().orElseThrow().text()));
        assertThat(text.toString()).isEqualTo(ReplyText.text(ReplyText.DEFAULT_PIECES));
        RawMessageStreamEvent delta = events.get(events.size() - 2);
        assertThat(delta.isMessageDelta()).isTrue();
        assertThat(delta.asMessageDelta().delta().stopReason()).contains(StopReason.END_TURN);
        assertThat(delta.asMessageDelta().usage().outputTokens()).isEqualTo(ReplyText.DEFAULT_PIECES);
        assertThat(events.getLast().isMessageStop()).isTrue();
    }

    @Test
    void listsAnthropicModelsAndResolvesAliases() {
        List<ModelInfo> models = client("sk-ant-mock-1").models().list().data();

        assertThat(models).extracting(ModelInfo::id)
                .contains("claude-sonnet-4-5-20250929", "claude-opus-4-1-20250805", "claude-3-5-haiku-20241022");
        assertThat(client("sk-ant-mock-1").models().retrieve("claude-sonnet-4-5").id())
                .isEqualTo("claude-sonnet-4-5-20250929");
    }

    @Test
    void invalidKeyIsUnauthorizedEvenForModelListing() {
        assertThatThrownBy(() -> client("sk-ant-invalid-1").models().list())
                .isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> client("sk-ant-invalid-1").messages().create(hello(10)))
                .isInstanceOfSatisfying(UnauthorizedException.class,
                        e -> assertThat(e.getMessage()).contains("authentication_error"));
    }

    @Test
    void scripted429SurfacesAsRateLimitWithRetryAfter() {
        running.script("{\"key\":\"sk-ant-mock-429\",\"status\":429,\"retry_after\":9,\"times\":1}");

        assertThatThrownBy(() -> client("sk-ant-mock-429").messages().create(hello(10)))
                .isInstanceOfSatisfying(RateLimitException.class,
                        e -> assertThat(e.headers().values("retry-after")).containsExactly("9"));
        assertThat(client("sk-ant-mock-429").messages().create(hello(10)).content()).hasSize(1);
    }

    @Test
    void acceptsBearerAuthAndRecordsOnlyTheLastFour() {
        AnthropicClient bearer = AnthropicOkHttpClient.builder()
                .baseUrl(running.base())
                .authToken("sk-ant-oauth-token-qrst")
                .maxRetries(0)
                .build();

        bearer.messages().create(hello(10));

        ReceivedRequest received = running.mock.received().getFirst();
        assertThat(received.path()).isEqualTo("/v1/messages");
        assertThat(received.keyLast4()).isEqualTo("qrst");
        assertThat(received.headers()).containsKey("anthropic-version").doesNotContainKey("authorization");
    }
}
