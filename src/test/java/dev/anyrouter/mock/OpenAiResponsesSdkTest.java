package dev.anyrouter.mock;

import static dev.anyrouter.spec.ResponsesFixtures.text;
import static dev.anyrouter.spec.ResponsesFixtures.weatherTool;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.errors.RateLimitException;
import com.openai.models.responses.EasyInputMessage;
import com.openai.models.responses.Response;
import com.openai.models.responses.ResponseCreateParams;
import com.openai.models.responses.ResponseFunctionToolCall;
import com.openai.models.responses.ResponseInputItem;
import com.openai.models.responses.ResponseStreamEvent;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The official openai-java SDK's Responses client, with strict validation, talks to the mock as to OpenAI. */
class OpenAiResponsesSdkTest {

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
        return OpenAIOkHttpClient.builder().baseUrl(running.base() + "/v1").apiKey(key).maxRetries(0)
                .responseValidation(true).build();
    }

    @Test
    void answersWithAResponseTheSdkValidates() {
        Response response = client("sk-mock-1").responses().create(ResponseCreateParams.builder()
                .model("gpt-4.1").instructions("Be brief.").input("Say hello to the mock, please!").build());

        assertThat(response.id()).startsWith("resp_");
        assertThat(response.status()).hasValueSatisfying(s -> assertThat(s.asString()).isEqualTo("completed"));
        assertThat(text(response)).isEqualTo(ReplyText.text(ReplyText.DEFAULT_PIECES));
        assertThat(response.instructions()).isPresent();
        // "Be brief." and "Say hello to the mock, please!" are 39 characters: 10 tokens at four a token.
        assertThat(response.usage().orElseThrow().inputTokens()).isEqualTo(10);
        assertThat(response.usage().orElseThrow().outputTokens()).isEqualTo(ReplyText.DEFAULT_PIECES);
        assertThat(response.usage().orElseThrow().totalTokens()).isEqualTo(10 + ReplyText.DEFAULT_PIECES);
    }

    @Test
    void callsTheFunctionWhenAskedAboutWeatherThenAnswersItsOutput() {
        OpenAIClient client = client("sk-mock-1");
        EasyInputMessage question = EasyInputMessage.builder().role(EasyInputMessage.Role.USER)
                .content("What is the weather in Paris?").build();
        Response first = client.responses().create(ResponseCreateParams.builder().model("gpt-4.1")
                .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(question))).addTool(weatherTool()).build());

        assertThat(first.output()).hasSize(1);
        ResponseFunctionToolCall call = first.output().getFirst().asFunctionCall();
        assertThat(call.name()).isEqualTo("get_weather");
        assertThat(call.callId()).startsWith("call_");
        assertThat(call.arguments()).isEqualTo("{\"location\":\"Paris\"}");

        Response second = client.responses().create(ResponseCreateParams.builder().model("gpt-4.1")
                .inputOfResponse(List.of(ResponseInputItem.ofEasyInputMessage(question), ResponseInputItem.ofFunctionCall(call),
                        ResponseInputItem.ofFunctionCallOutput(ResponseInputItem.FunctionCallOutput.builder()
                                .callId(call.callId()).output("{\"celsius\":21}").build())))
                .addTool(weatherTool()).build());
        assertThat(text(second)).isNotBlank();
    }

    @Test
    void makesOneCallPerMentionOfWeather() {
        Response response = client("sk-mock-1").responses().create(ResponseCreateParams.builder().model("gpt-4.1")
                .input("Compare the weather in Paris with the weather in Tokyo").addTool(weatherTool()).build());

        assertThat(response.output()).hasSize(2).allSatisfy(item -> assertThat(item.isFunctionCall()).isTrue());
        assertThat(response.output().get(1).asFunctionCall().arguments()).contains("Tokyo");
        assertThat(response.output().get(0).asFunctionCall().callId())
                .isNotEqualTo(response.output().get(1).asFunctionCall().callId());
    }

    @Test
    void streamsEventsTheSdkParsesEndingWithUsage() {
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client("sk-mock-1").responses().createStreaming(
                ResponseCreateParams.builder().model("gpt-4.1").input("Say hi").build())) {
            stream.stream().forEach(events::add);
        }
        assertThat(events.getFirst().isCreated()).isTrue();
        assertThat(events.get(1).isInProgress()).isTrue();
        assertThat(events.getLast().isCompleted()).isTrue();
        StringBuilder deltas = new StringBuilder();
        events.stream().filter(ResponseStreamEvent::isOutputTextDelta).forEach(e -> deltas.append(e.asOutputTextDelta().delta()));
        assertThat(deltas.toString()).isEqualTo(ReplyText.text(ReplyText.DEFAULT_PIECES));
        Response completed = events.getLast().asCompleted().response();
        assertThat(completed.usage().orElseThrow().outputTokens()).isEqualTo(ReplyText.DEFAULT_PIECES);
        assertThat(events).filteredOn(ResponseStreamEvent::isOutputItemDone).singleElement()
                .satisfies(done -> assertThat(done.asOutputItemDone().item().asMessage().content().getFirst()
                        .asOutputText().text()).isEqualTo(deltas.toString()));
    }

    @Test
    void streamsFunctionCallArgumentsInPieces() {
        List<ResponseStreamEvent> events = new ArrayList<>();
        try (StreamResponse<ResponseStreamEvent> stream = client("sk-mock-1").responses().createStreaming(
                ResponseCreateParams.builder().model("gpt-4.1").input("weather in Paris?").addTool(weatherTool()).build())) {
            stream.stream().forEach(events::add);
        }
        StringBuilder arguments = new StringBuilder();
        events.stream().filter(ResponseStreamEvent::isFunctionCallArgumentsDelta)
                .forEach(e -> arguments.append(e.asFunctionCallArgumentsDelta().delta()));
        assertThat(arguments.toString()).isEqualTo("{\"location\":\"Paris\"}");
        assertThat(events).filteredOn(ResponseStreamEvent::isFunctionCallArgumentsDone).singleElement()
                .satisfies(done -> assertThat(done.asFunctionCallArgumentsDone().arguments()).isEqualTo(arguments.toString()));
        assertThat(events).filteredOn(ResponseStreamEvent::isOutputItemDone).singleElement()
                .satisfies(done -> assertThat(done.asOutputItemDone().item().asFunctionCall().arguments())
                        .isEqualTo(arguments.toString()));
    }

    @Test
    void continuesAStoredResponseAndRefusesAnUnknownOne() {
        OpenAIClient client = client("sk-mock-1");
        Response first = client.responses().create(ResponseCreateParams.builder().model("gpt-4.1").input("One").build());
        Response next = client.responses().create(ResponseCreateParams.builder().model("gpt-4.1")
                .previousResponseId(first.id()).input("Two").build());
        assertThat(next.previousResponseId()).contains(first.id());

        Response unstored = client.responses().create(ResponseCreateParams.builder().model("gpt-4.1")
                .store(false).input("One").build());
        assertThatThrownBy(() -> client.responses().create(ResponseCreateParams.builder().model("gpt-4.1")
                .previousResponseId(unstored.id()).input("Two").build()))
                .isInstanceOf(BadRequestException.class)
                .hasMessageContaining("not found");
    }

    @Test
    void stopsAtMaxOutputTokensAsIncomplete() {
        Response response = client("sk-mock-1").responses().create(ResponseCreateParams.builder().model("gpt-4.1")
                .input("Say hi").maxOutputTokens(3).build());
        assertThat(response.status()).hasValueSatisfying(s -> assertThat(s.asString()).isEqualTo("incomplete"));
        assertThat(text(response)).isEqualTo("This is a");
    }

    @Test
    void scriptedRateLimitIsOpenAisRateLimitError() {
        running.script("{\"key\":\"sk-mock-limited\",\"status\":429}");
        assertThatThrownBy(() -> client("sk-mock-limited").responses().create(ResponseCreateParams.builder()
                .model("gpt-4.1").input("Say hi").build()))
                .isInstanceOf(RateLimitException.class);
    }
}
