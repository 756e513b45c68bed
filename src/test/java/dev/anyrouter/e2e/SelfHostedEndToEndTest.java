package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.openai.client.OpenAIClient;
import com.openai.client.okhttp.OpenAIOkHttpClient;
import com.openai.core.http.StreamResponse;
import com.openai.errors.BadRequestException;
import com.openai.models.chat.completions.ChatCompletion;
import com.openai.models.chat.completions.ChatCompletionChunk;
import com.openai.models.chat.completions.ChatCompletionCreateParams;
import dev.anyrouter.mock.ReceivedRequest;
import dev.anyrouter.providers.UpstreamAddressGuard;
import java.net.InetAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A self-hosted model server, end to end: a local OpenAI-compatible server (the mock, on loopback,
 * reached by its address and by a container-style service name) serves an official SDK's requests,
 * JSON and streamed, through the generic {@code openai-compatible} provider and through {@code vllm} —
 * when the operator allowed private upstreams. A gateway started without that setting refuses the same
 * base URLs with 422 {@code base_url_not_allowed}, stores nothing and sends the server nothing.
 */
class SelfHostedEndToEndTest {
    private static final String SERVICE = "llm-box";

    @TempDir
    Path dataDir;

    /** The service name resolves to the loopback server, as a container network's DNS would. */
    private final UpstreamAddressGuard.Resolver resolver = host -> host.equals(SERVICE)
            ? new InetAddress[] {InetAddress.getLoopbackAddress()} : InetAddress.getAllByName(host);

    private static ChatCompletionCreateParams chat(String model) {
        return ChatCompletionCreateParams.builder().model(model).addUserMessage("Say hi").build();
    }

    private static String addKey(String provider, String key, String alias, String baseUrl) {
        return "{\"provider\":\"" + provider + "\",\"key\":\"" + key + "\",\"alias\":\"" + alias + "\",\"base_url\":\"" + baseUrl + "\"}";
    }

    private static List<ReceivedRequest> chats(List<ReceivedRequest> received) {
        return received.stream().filter(r -> r.path().equals("/v1/chat/completions")).toList();
    }

    @Test
    void aLocalServerAllowedByTheOperatorServesAndTheSameUrlWithoutTheSettingIsRefused() throws Exception {
        try (Stack allowed = new Stack(dataDir.resolve("allowed"), Map.of("allow-private-upstreams", "true"), resolver);
             Stack refused = new Stack(dataDir.resolve("refused"), Map.of("allow-private-upstreams", "false"), resolver)) {
            // The one server both gateways are pointed at.
            String byAddress = allowed.mockBase();
            String byName = "http://" + SERVICE + ":" + allowed.mock.port() + "/v1";

            String user = allowed.signup("self-hosted@example.com");
            Stack.Reply generic = allowed.call("POST", "/api/v1/byok", user,
                    addKey("openai-compatible", "sk-mock-selfhosted-0001", "box", byAddress));
            assertThat(generic.status()).as(generic.body()).isEqualTo(201);
            Stack.Reply vllm = allowed.call("POST", "/api/v1/byok", user, addKey("vllm", "sk-mock-selfhosted-0002", "vllm-box", byName));
            assertThat(vllm.status()).as(vllm.body()).isEqualTo(201);
            assertThat(allowed.call("GET", "/api/v1/byok/" + vllm.json().get("id").asText(), user, null).json().get("base_url").asText())
                    .isEqualTo(byName);

            OpenAIClient sdk = OpenAIOkHttpClient.builder().baseUrl(allowed.gatewayBase()).apiKey(user).maxRetries(0).build();
            ChatCompletion answer = sdk.chat().completions().create(chat("openai-compatible/gpt-4.1-mini"));
            assertThat(answer.choices().getFirst().message().content()).hasValueSatisfying(text -> assertThat(text).isNotBlank());
            ReceivedRequest sent = chats(allowed.mock.received()).getLast();
            assertThat(sent.model()).as("the provider prefix is the gateway's, not the server's").isEqualTo("gpt-4.1-mini");
            assertThat(sent.keyLast4()).isEqualTo("0001");

            StringBuilder streamed = new StringBuilder();
            try (StreamResponse<ChatCompletionChunk> stream = sdk.chat().completions().createStreaming(chat("vllm/gpt-4.1-mini"))) {
                stream.stream().forEach(chunk -> chunk.choices().forEach(c -> c.delta().content().ifPresent(streamed::append)));
            }
            assertThat(streamed).isNotEmpty();
            ReceivedRequest streamedSent = chats(allowed.mock.received()).getLast();
            assertThat(streamedSent.stream()).isTrue();
            assertThat(streamedSent.keyLast4()).as("reached by its service name").isEqualTo("0002");

            // The same server, the same URLs, on a gateway whose operator did not allow private upstreams.
            int before = allowed.mock.received().size();
            String other = refused.signup("not-allowed@example.com");
            for (String provider : List.of("openai-compatible", "vllm")) {
                for (String url : List.of(byAddress, byName)) {
                    Stack.Reply no = refused.call("POST", "/api/v1/byok", other, addKey(provider, "sk-mock-selfhosted-0003", "x", url));
                    assertThat(no.status()).as(provider + " at " + url + ": " + no.body()).isEqualTo(422);
                    assertThat(no.json().at("/error/code").asText()).isEqualTo("base_url_not_allowed");
                    assertThat(no.json().at("/error/message").asText()).contains("--allow-private-upstreams")
                            .doesNotContain("sk-mock-selfhosted");
                }
            }
            assertThat(refused.call("GET", "/api/v1/byok", other, null).json().get("data")).as("nothing stored").isEmpty();
            OpenAIClient refusedSdk = OpenAIOkHttpClient.builder().baseUrl(refused.gatewayBase()).apiKey(other).maxRetries(0).build();
            assertThatThrownBy(() -> refusedSdk.chat().completions().create(chat("openai-compatible/gpt-4.1-mini")))
                    .isInstanceOfSatisfying(BadRequestException.class, e -> assertThat(e.code()).hasValue("no_provider_key"));
            assertThat(allowed.mock.received()).as("the server heard nothing from the gateway that may not use it").hasSize(before);
        }
    }
}
