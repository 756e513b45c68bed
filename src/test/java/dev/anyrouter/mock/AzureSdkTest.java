package dev.anyrouter.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.openai.azure.AzureOpenAIServiceVersion;
import com.openai.azure.AzureUrlPathMode;
import com.openai.azure.credential.AzureApiKeyCredential;
import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.JsonValue;
import com.openai.errors.UnauthorizedException;
import com.openai.helpers.ChatCompletionAccumulator;
import com.openai.models.FunctionDefinition;
import com.openai.models.FunctionParameters;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import com.openai.models.chat.completions.ChatCompletionFunctionTool;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The mock's Azure OpenAI wire proven against the OpenAI SDK's own Azure configuration: the
 * {@code api-key} credential, the deployments path with {@code api-version} (the SDK's legacy path
 * mode) and the v1 API (its unified mode), JSON and streams — whose empty-choices opening chunk
 * with {@code prompt_filter_results} the SDK takes as Azure's — text and a tool call, whole answers
 * checked by the SDK's own validation; a wrong key is the SDK's 401.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class AzureSdkTest {
    private static final String KEY = "azkey-sdk-1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d";
    private final RunningMock mock = new RunningMock();

    @BeforeEach
    void reset() {
        mock.reset();
    }

    @AfterAll
    void stop() {
        mock.close();
    }

    private OpenAIClient azure(String key, AzureUrlPathMode mode) {
        // The SDK's unified mode takes the v1 API's own base (…/openai/v1); its legacy mode adds
        // openai/deployments/{model} to the resource's root itself.
        String base = mode == AzureUrlPathMode.UNIFIED ? mock.base() + "/openai/v1" : mock.base();
        // Not responseValidation(true): Azure's opening stream chunk has "object":"" (as the real
        // service sends it), which the SDK's strict check of a chunk refuses; whole answers are
        // validated explicitly below.
        return OpenAIOkHttpClient.builder().baseUrl(base).credential(AzureApiKeyCredential.create(key))
                .azureServiceVersion(AzureOpenAIServiceVersion.fromString("2024-10-21")).azureUrlPathMode(mode)
                .maxRetries(0).build();
    }

    private static ChatCompletionFunctionTool weather() {
        return ChatCompletionFunctionTool.builder().function(FunctionDefinition.builder().name("get_weather")
                .parameters(FunctionParameters.builder().putAdditionalProperty("type", JsonValue.from("object"))
                        .putAdditionalProperty("properties", JsonValue.from(Map.of("location", Map.of("type", "string")))).build())
                .build()).build();
    }

    @ParameterizedTest
    @EnumSource(value = AzureUrlPathMode.class, names = {"LEGACY", "UNIFIED"})
    void chatJsonStreamAndToolsOnEitherPath(AzureUrlPathMode mode) {
        OpenAIClient client = azure(KEY, mode);
        try {
            ChatCompletionCreateParams text = ChatCompletionCreateParams.builder().model("contoso-gpt41").addUserMessage("Say hi").build();
            ChatCompletion answer = client.chat().completions().create(text).validate();
            assertThat(answer.choices().getFirst().message().content()).hasValueSatisfying(t -> assertThat(t).startsWith("This is a mock reply"));
            assertThat(answer._additionalProperties()).containsKey("prompt_filter_results");

            List<ChatCompletionChunk> chunks = new ArrayList<>();
            ChatCompletionAccumulator acc = ChatCompletionAccumulator.create();
            try (var stream = client.chat().completions().createStreaming(text)) {
                stream.stream().forEach(c -> {
                    chunks.add(c);
                    acc.accumulate(c);
                });
            }
            assertThat(chunks.getFirst().choices()).isEmpty();
            assertThat(chunks.getFirst()._additionalProperties()).containsKey("prompt_filter_results");
            assertThat(acc.chatCompletion().choices().getFirst().message().content()).hasValueSatisfying(t -> assertThat(t).startsWith("This is"));

            ChatCompletion tool = client.chat().completions().create(ChatCompletionCreateParams.builder().model("contoso-gpt41")
                    .addUserMessage("What's the weather in Boston?").addTool(weather()).build()).validate();
            assertThat(tool.choices().getFirst().message().toolCalls().orElseThrow().getFirst().asFunction().function().name())
                    .isEqualTo("get_weather");
        } finally {
            client.close();
        }
        JsonNode seen = RunningMock.parse(mock.send("GET", "/_mock/requests", null, null).body());
        String path = mode == AzureUrlPathMode.LEGACY ? "/openai/deployments/contoso-gpt41/chat/completions" : "/openai/v1/chat/completions";
        seen.forEach(r -> assertThat(r.path("path").asText()).isEqualTo(path));
        assertThat(seen).hasSize(3);
    }

    @Test
    void aWrongKeyIsTheSdks401() {
        OpenAIClient client = azure("invalid-" + KEY, AzureUrlPathMode.LEGACY);
        try {
            assertThatThrownBy(() -> client.chat().completions().create(ChatCompletionCreateParams.builder().model("contoso-gpt41")
                    .addUserMessage("Say hi").build())).isInstanceOf(UnauthorizedException.class);
        } finally {
            client.close();
        }
    }
}
