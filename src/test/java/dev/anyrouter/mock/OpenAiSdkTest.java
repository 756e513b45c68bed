package dev.anyrouter.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.InternalServerException;
import com.openai.errors.RateLimitException;
import com.openai.errors.UnauthorizedException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionStreamOptions;
import com.openai.models.models.Model;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official openai-java SDK, with strict response validation, talks to the mock as to OpenAI. */
class OpenAiSdkTest {

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

    private static ChatCompletionCreateParams.Builder hello(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hello to the mock, please!");
    }

    @Test
    void answersChatCompletionTheSdkValidates() {
        ChatCompletion completion = client("sk-mock-1").chat().completions().create(hello("gpt-4.1").build());

        assertThat(completion.id()).startsWith("chatcmpl-");
        assertThat(completion.model()).isEqualTo("gpt-4.1");
        assertThat(completion.choices()).hasSize(1);
        ChatCompletion.Choice choice = completion.choices().getFirst();
        assertThat(choice.message().content()).contains(ReplyText.text(ReplyText.DEFAULT_PIECES));
        assertThat(choice.message().refusal()).isEmpty();
        assertThat(choice.finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.STOP);
        // "Say hello to the mock, please!" is 30 characters: 8 tokens at four characters a token.
        assertThat(completion.usage().orElseThrow().promptTokens()).isEqualTo(8);
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(ReplyText.DEFAULT_PIECES);
        assertThat(completion.usage().orElseThrow().totalTokens()).isEqualTo(8 + ReplyText.DEFAULT_PIECES);
        assertThat(completion.systemFingerprint()).hasValueSatisfying(fp -> assertThat(fp).startsWith("fp_"));
    }

    @Test
    void stopsAtMaxCompletionTokensWithFinishReasonLength() {
        ChatCompletion completion =
                client("sk-mock-1").chat().completions().create(hello("gpt-4o").maxCompletionTokens(3).build());

        assertThat(completion.choices().getFirst().message().content()).contains("This is a");
        assertThat(completion.choices().getFirst().finishReason()).isEqualTo(ChatCompletion.Choice.FinishReason.LENGTH);
        assertThat(completion.usage().orElseThrow().completionTokens()).isEqualTo(3);
    }

    @Test
    void streamsChunksThenUsageWhenAskedFor() {
        ChatCompletionCreateParams params = hello("gpt-4.1-mini")
                .streamOptions(ChatCompletionStreamOptions.builder().includeUsage(true).build())
                .build();
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream = client("sk-mock-1").chat().completions().createStreaming(params)) {
            stream.stream().forEach(chunk -> chunks.add(chunk.validate()));
        }

        assertThat(chunks).hasSize(1 + ReplyText.DEFAULT_PIECES + 1 + 1);
        assertThat(chunks).extracting(ChatCompletionChunk::id).containsOnly(chunks.getFirst().id());
        assertThat(chunks.getFirst().choices().getFirst().delta().role()).isPresent();
        StringBuilder text = new StringBuilder();
        chunks.forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(text::append)));
        assertThat(text.toString()).isEqualTo(ReplyText.text(ReplyText.DEFAULT_PIECES));
        ChatCompletionChunk finish = chunks.get(chunks.size() - 2);
        assertThat(finish.choices().getFirst().finishReason()).contains(ChatCompletionChunk.Choice.FinishReason.STOP);
        ChatCompletionChunk last = chunks.getLast();
        assertThat(last.choices()).isEmpty();
        assertThat(last.usage().orElseThrow().completionTokens()).isEqualTo(ReplyText.DEFAULT_PIECES);
        assertThat(chunks.subList(0, chunks.size() - 1)).allSatisfy(chunk -> assertThat(chunk.usage()).isEmpty());
    }

    @Test
    void streamsWithoutUsageChunkUnlessAskedFor() {
        List<ChatCompletionChunk> chunks = new ArrayList<>();
        try (StreamResponse<ChatCompletionChunk> stream =
                client("sk-mock-1").chat().completions().createStreaming(hello("gpt-5").build())) {
            stream.stream().forEach(chunks::add);
        }

        assertThat(chunks).hasSize(ReplyText.DEFAULT_PIECES + 2);
        assertThat(chunks).allSatisfy(chunk -> assertThat(chunk.choices()).hasSize(1));
    }

    @Test
    void listsCurrentOpenAiModels() {
        List<Model> models = client("sk-mock-1").models().list().data();

        assertThat(models).extracting(Model::id)
                .contains("gpt-4.1", "gpt-4.1-mini", "gpt-4o", "o3", "o4-mini", "gpt-5", "text-embedding-3-small");
        assertThat(models).allSatisfy(model -> assertThat(model.ownedBy()).isEqualTo("openai"));
        assertThat(client("sk-mock-1").models().retrieve("gpt-5-nano").id()).isEqualTo("gpt-5-nano");
    }

    @Test
    void scripted401SurfacesAsUnauthorizedEchoingTheWholeKey() {
        running.script("{\"key\":\"sk-mock-401\",\"status\":401}");

        assertThatThrownBy(() -> client("sk-mock-401").chat().completions().create(hello("gpt-4.1").build()))
                .isInstanceOfSatisfying(UnauthorizedException.class, e -> {
                    assertThat(e.code()).contains("invalid_api_key");
                    assertThat(e.getMessage()).contains("sk-mock-401");
                });
        // Validation calls get the same answer.
        assertThatThrownBy(() -> client("sk-mock-401").models().list()).isInstanceOf(UnauthorizedException.class);
    }

    @Test
    void scripted429SurfacesAsRateLimitWithRetryAfter() {
        running.script("{\"key\":\"sk-mock-429\",\"status\":429,\"retry_after\":7}");

        assertThatThrownBy(() -> client("sk-mock-429").chat().completions().create(hello("gpt-4.1").build()))
                .isInstanceOfSatisfying(RateLimitException.class, e -> {
                    assertThat(e.code()).contains("rate_limit_exceeded");
                    assertThat(e.headers().values("retry-after")).containsExactly("7");
                    assertThat(e.headers().values("x-ratelimit-reset-requests")).containsExactly("7s");
                });
    }

    @Test
    void scriptedStatusAppliesOnlyTheGivenNumberOfTimes() {
        running.script("{\"key\":\"sk-mock-twice\",\"status\":500,\"times\":2}");
        OpenAIClient client = client("sk-mock-twice");

        assertThatThrownBy(() -> client.chat().completions().create(hello("gpt-4.1").build()))
                .isInstanceOf(InternalServerException.class);
        assertThatThrownBy(() -> client.models().list()).isInstanceOf(InternalServerException.class);
        assertThat(client.chat().completions().create(hello("gpt-4.1").build()).choices()).hasSize(1);
    }

    @Test
    void keyContainingInvalidIsRejectedEverywhere() {
        OpenAIClient client = client("sk-invalid-0001");

        assertThatThrownBy(() -> client.models().list()).isInstanceOf(UnauthorizedException.class);
        assertThatThrownBy(() -> client.chat().completions().create(hello("gpt-4.1").build()))
                .isInstanceOfSatisfying(UnauthorizedException.class,
                        e -> assertThat(e.code()).contains("invalid_api_key"));
    }

    @Test
    void recordsRequestsShowingOnlyTheKeysLastFour() {
        client("sk-mock-secret-abcd").chat().completions().create(hello("gpt-4.1-nano").build());
        client("sk-mock-secret-wxyz").models().list();

        List<ReceivedRequest> received = running.mock.received();
        assertThat(received).extracting(ReceivedRequest::path).containsExactly("/v1/chat/completions", "/v1/models");
        assertThat(received).extracting(ReceivedRequest::keyLast4).containsExactly("abcd", "wxyz");
        assertThat(received.getFirst().model()).isEqualTo("gpt-4.1-nano");
        assertThat(received.getFirst().headers()).doesNotContainKey("authorization").containsKey("user-agent");
        assertThat(received.toString()).doesNotContain("sk-mock-secret");

        String adminView = running.send("GET", "/_mock/requests", null, null).body();
        assertThat(adminView).contains("\"key_last4\":\"abcd\"").doesNotContain("sk-mock-secret");
    }
}
