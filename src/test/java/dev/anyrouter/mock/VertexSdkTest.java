package dev.anyrouter.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.anthropic.client.AnthropicClient;
import com.anthropic.client.okhttp.AnthropicOkHttpClient;
import com.anthropic.helpers.MessageAccumulator;
import com.anthropic.models.messages.Message;
import com.anthropic.models.messages.MessageCreateParams;
import com.anthropic.vertex.backends.VertexBackend;
import com.fasterxml.jackson.databind.JsonNode;
import com.google.auth.oauth2.GoogleCredentials;
import com.google.auth.oauth2.ServiceAccountCredentials;
import com.google.genai.Client;
import com.google.genai.ResponseStream;
import com.google.genai.types.FunctionDeclaration;
import com.google.genai.types.GenerateContentConfig;
import com.google.genai.types.GenerateContentResponse;
import com.google.genai.types.HttpOptions;
import com.google.genai.types.Tool;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The mock's Vertex AI wire proven against the clouds' own SDKs: a service-account key file the
 * mock made, loaded by Google's auth library, whose JWT-bearer grant the mock's token endpoint
 * verifies; Google's {@code google-genai} client in Vertex mode on the Gemini publisher path (text,
 * stream, a function call) and Anthropic's Vertex backend on the Anthropic publisher path
 * ({@code rawPredict}, {@code streamRawPredict}); a revoked key's grant is refused.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VertexSdkTest {
    private static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";
    private final RunningMock mock = new RunningMock();
    private GoogleCredentials credentials;

    @BeforeAll
    void account() throws Exception {
        JsonNode keyFile = RunningMock.parse(mock.send("POST", "/_mock/google/service-accounts", null,
                "{\"project\":\"acme-sdk\",\"name\":\"sdk\"}").body());
        credentials = ServiceAccountCredentials.fromStream(new ByteArrayInputStream(keyFile.toString().getBytes(StandardCharsets.UTF_8)))
                .createScoped(List.of(CLOUD_PLATFORM));
    }

    @AfterAll
    void stop() {
        mock.close();
    }

    private Client genai(GoogleCredentials creds) {
        return Client.builder().vertexAI(true).project("acme-sdk").location("us-east5").credentials(creds)
                .httpOptions(HttpOptions.builder().baseUrl(mock.base()).build()).build();
    }

    @Test
    void googleGenAiOnTheGeminiPublisherPath() throws Exception {
        mock.send("DELETE", "/_mock/requests", null, null);
        try (Client client = genai(credentials)) {
            GenerateContentResponse text = client.models.generateContent("gemini-2.5-pro", "Say hi", null);
            assertThat(text.text()).startsWith("This is a mock reply");
            assertThat(text.usageMetadata().orElseThrow().candidatesTokenCount().orElseThrow()).isPositive();

            StringBuilder streamed = new StringBuilder();
            try (ResponseStream<GenerateContentResponse> stream = client.models.generateContentStream("gemini-2.5-pro", "Say hi", null)) {
                for (GenerateContentResponse chunk : stream) streamed.append(chunk.text());
            }
            assertThat(streamed.toString()).startsWith("This is a mock reply");

            GenerateContentConfig tools = GenerateContentConfig.builder().tools(Tool.builder().functionDeclarations(
                    FunctionDeclaration.builder().name("get_weather").description("Current weather").parametersJsonSchema(
                            Map.of("type", "object", "properties", Map.of("location", Map.of("type", "string")))))).build();
            GenerateContentResponse call = client.models.generateContent("gemini-2.5-pro", "What's the weather in Boston?", tools);
            assertThat(call.functionCalls()).hasSize(1);
            assertThat(call.functionCalls().getFirst().name()).contains("get_weather");
        }
        JsonNode seen = RunningMock.parse(mock.send("GET", "/_mock/requests", null, null).body());
        List<String> calls = new java.util.ArrayList<>();
        seen.forEach(r -> calls.add(r.path("path").asText()));
        // A token grant (if the shared credentials had none yet) is logged beside the model calls.
        assertThat(calls.stream().filter(p -> !p.equals("/token")).toList()).hasSize(3)
                .allSatisfy(p -> assertThat(p).contains("/projects/acme-sdk/locations/us-east5/publishers/google/models/gemini-2.5-pro:"));
    }

    @Test
    void anthropicsVertexBackendOnTheAnthropicPublisherPath() {
        // Vertex's Messages want anthropic_version "vertex-2023-10-16" in the body; the SDK's Vertex
        // backend moves the client's anthropic-version header there, so that is where it is named.
        AnthropicClient client = AnthropicOkHttpClient.builder().backend(VertexBackend.builder().googleCredentials(credentials)
                .region("us-east5").project("acme-sdk").baseUrl(mock.base()).build())
                .putHeader("anthropic-version", "vertex-2023-10-16").maxRetries(0).build();
        try {
            MessageCreateParams params = MessageCreateParams.builder().model("claude-sonnet-4-5@20250929").maxTokens(256)
                    .addUserMessage("Say hi").build();
            Message message = client.messages().create(params);
            assertThat(message.content().getFirst().text().orElseThrow().text()).startsWith("This is a mock reply");
            MessageAccumulator acc = MessageAccumulator.create();
            try (var stream = client.messages().createStreaming(params)) {
                stream.stream().forEach(acc::accumulate);
            }
            assertThat(acc.message().content().getFirst().text().orElseThrow().text()).startsWith("This is a mock reply");
        } finally {
            client.close();
        }
    }

    @Test
    void aRevokedKeysGrantIsRefused() throws Exception {
        JsonNode keyFile = RunningMock.parse(mock.send("POST", "/_mock/google/service-accounts", null,
                "{\"project\":\"acme-sdk\",\"name\":\"revoked\"}").body());
        GoogleCredentials revoked = ServiceAccountCredentials.fromStream(new ByteArrayInputStream(
                keyFile.toString().getBytes(StandardCharsets.UTF_8))).createScoped(List.of(CLOUD_PLATFORM));
        mock.send("POST", "/_mock/google/revoke", null, "{\"client_email\":\"" + keyFile.path("client_email").asText() + "\",\"key\":true}");
        assertThatThrownBy(revoked::refresh).hasMessageContaining("invalid_grant");
        assertThat(RunningMock.parse(mock.send("GET", "/_mock/google/grants?client_email=" + keyFile.path("client_email").asText(),
                null, null).body()).path("grants").asInt()).isZero();
    }
}
