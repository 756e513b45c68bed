package dev.anyrouter.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.vertx.core.Vertx;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.document.Document;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeAsyncClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.BedrockRuntimeException;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseStreamResponseHandler;
import software.amazon.awssdk.services.bedrockruntime.model.StopReason;
import software.amazon.awssdk.services.bedrockruntime.model.Tool;
import software.amazon.awssdk.services.bedrockruntime.model.ToolConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.ToolInputSchema;
import software.amazon.awssdk.services.bedrockruntime.model.ToolSpecification;

/**
 * The mock's Bedrock wire proven against AWS's own SDK (bedrockruntime, v2): the SDK signs with
 * SigV4 and the mock verifies it; Converse and ConverseStream, text and tool use, decoded by the
 * SDK's own event-stream reader; a wrong secret is AWS's InvalidSignatureException.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BedrockSdkTest {
    private static final String SECRET = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
    private static final String MODEL = "anthropic.claude-haiku-4-5-20251001-v1:0";

    Vertx vertx;
    MockUpstream mock;
    URI endpoint;

    @BeforeAll
    void start() throws Exception {
        vertx = Vertx.vertx();
        mock = MockUpstream.start(vertx, "127.0.0.1", 0).await(30, TimeUnit.SECONDS);
        endpoint = URI.create("http://127.0.0.1:" + mock.port());
    }

    @AfterAll
    void stop() throws Exception {
        mock.close().await(10, TimeUnit.SECONDS);
        vertx.close().await(10, TimeUnit.SECONDS);
    }

    private StaticCredentialsProvider credentials(String secret) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDEXAMPLE", secret));
    }

    private static ToolConfiguration weatherTool() {
        return ToolConfiguration.builder().tools(Tool.fromToolSpec(ToolSpecification.builder().name("get_weather")
                .description("Current weather").inputSchema(ToolInputSchema.fromJson(Document.mapBuilder().putString("type", "object")
                        .putDocument("properties", Document.mapBuilder().putDocument("location", Document.mapBuilder()
                                .putString("type", "string").build()).build()).build())).build())).build();
    }

    @Test
    void converseTextAndToolUseThroughTheSdk() {
        try (BedrockRuntimeClient client = BedrockRuntimeClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials(SECRET)).build()) {
            ConverseResponse text = client.converse(r -> r.modelId(MODEL).messages(m -> m.role(ConversationRole.USER)
                    .content(ContentBlock.fromText("Say hi"))));
            assertThat(text.output().message().content().getFirst().text()).startsWith("This is a mock reply");
            assertThat(text.stopReason()).isEqualTo(StopReason.END_TURN);
            assertThat(text.usage().outputTokens()).isPositive();
            ConverseResponse tool = client.converse(r -> r.modelId(MODEL).toolConfig(weatherTool())
                    .messages(m -> m.role(ConversationRole.USER).content(ContentBlock.fromText("What's the weather in Boston?"))));
            assertThat(tool.stopReason()).isEqualTo(StopReason.TOOL_USE);
            assertThat(tool.output().message().content().getFirst().toolUse().name()).isEqualTo("get_weather");
            assertThat(tool.output().message().content().getFirst().toolUse().input().asMap().get("location").asString()).isEqualTo("Boston, MA");
        }
    }

    @Test
    void converseStreamTextAndToolUseThroughTheSdk() throws Exception {
        try (BedrockRuntimeAsyncClient client = BedrockRuntimeAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials(SECRET)).build()) {
            for (boolean tools : new boolean[] {false, true}) {
                StringBuilder text = new StringBuilder();
                StringBuilder input = new StringBuilder();
                List<String> toolNames = new ArrayList<>();
                List<StopReason> stops = new ArrayList<>();
                ConverseStreamResponseHandler handler = ConverseStreamResponseHandler.builder()
                        .subscriber(ConverseStreamResponseHandler.Visitor.builder()
                                .onContentBlockDelta(d -> {
                                    if (d.delta().text() != null) text.append(d.delta().text());
                                    if (d.delta().toolUse() != null) input.append(d.delta().toolUse().input());
                                })
                                .onContentBlockStart(s -> toolNames.add(s.start().toolUse().name()))
                                .onMessageStop(s -> stops.add(s.stopReason()))
                                .build())
                        .build();
                client.converseStream(r -> {
                    r.modelId(MODEL).messages(m -> m.role(ConversationRole.USER)
                            .content(ContentBlock.fromText(tools ? "What's the weather in Boston?" : "Say hi")));
                    if (tools) r.toolConfig(weatherTool());
                }, handler).get(30, TimeUnit.SECONDS);
                if (tools) {
                    assertThat(toolNames).containsExactly("get_weather");
                    assertThat(input.toString()).isEqualTo("{\"location\":\"Boston, MA\"}");
                    assertThat(stops).containsExactly(StopReason.TOOL_USE);
                } else {
                    assertThat(text.toString()).startsWith("This is a mock reply");
                    assertThat(stops).containsExactly(StopReason.END_TURN);
                }
            }
        }
    }

    @Test
    void aWrongSecretIsAwsInvalidSignature() {
        try (BedrockRuntimeClient client = BedrockRuntimeClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(credentials("not-the-secret-" + SECRET)).build()) {
            assertThatThrownBy(() -> client.converse(r -> r.modelId(MODEL).messages(m -> m.role(ConversationRole.USER)
                    .content(ContentBlock.fromText("Say hi")))))
                    .isInstanceOfSatisfying(BedrockRuntimeException.class, e -> {
                        assertThat(e.statusCode()).isEqualTo(403);
                        assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidSignatureException");
                    });
        }
    }
}
