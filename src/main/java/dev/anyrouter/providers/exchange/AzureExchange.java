package dev.anyrouter.providers.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.UpstreamCodec;
import dev.anyrouter.protocol.openai.OpenAiCodec;
import dev.anyrouter.protocol.openai.OpenAiDialect;
import dev.anyrouter.providers.AzureAdapter;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.UpstreamCall;
import dev.anyrouter.providers.UpstreamTarget;
import dev.anyrouter.providers.cloud.AzureCredential;
import dev.anyrouter.providers.cloud.CloudCredential;
import dev.anyrouter.providers.cloud.CloudCredentials;
import io.vertx.core.Future;
import java.util.function.Function;

/**
 * Azure OpenAI's wire: OpenAI's Chat Completions, so a Chat Completions client passes through as it
 * is and everything else is translated to it, at a URL that depends on the model and the
 * credential (the resource that serves the model and its deployment). Azure's streams open with a
 * chunk of empty {@code choices} and {@code prompt_filter_results}, which is not content, and carry
 * {@code content_filter_results} on choices, which clients ignore; both pass as they are. A key is
 * sent in {@code api-key}; an Entra ID client's minted token as a bearer token, renewed once on a 401.
 */
final class AzureExchange implements WireExchange {
    private static final OpenAiCodec CODEC = new OpenAiCodec(OpenAiDialect.OPENAI);

    private final CloudCredentials clouds;
    private final AzureChat chat = new AzureChat();

    AzureExchange(CloudCredentials clouds) {
        this.clouds = clouds;
    }

    @Override
    public boolean passesThrough(ClientEndpoint endpoint, Provider provider, String upstreamModel) {
        return endpoint == ClientEndpoint.CHAT_COMPLETIONS;
    }

    @Override
    public Passthrough passthrough(ClientEndpoint endpoint, ClientRequest request, Function<String, String> clientHeader) {
        return chat;
    }

    @Override
    public UpstreamCodec codec(Provider provider, String upstreamModel) {
        return CODEC;
    }

    @Override
    public String bodyModel(UpstreamTarget target, String upstreamModel) {
        return AzureAdapter.bodyModel(credential(clouds, target), upstreamModel);
    }

    @Override
    public UpstreamCall call(UpstreamTarget target, String upstreamModel, byte[] body, boolean stream) {
        return AzureAdapter.chatCompletions(target, credential(clouds, target), upstreamModel, body, stream);
    }

    @Override
    public Future<UpstreamCall> authorize(UpstreamTarget target, String upstreamModel, UpstreamCall call) {
        if (!(credential(clouds, target).route(upstreamModel).resource().auth() instanceof AzureCredential.Entra entra)) {
            return Future.succeededFuture(call);
        }
        return MintedTokens.authorize(clouds.tokens(entra), call, AzureAdapter::withToken);
    }

    @Override
    public boolean renew(UpstreamTarget target, String upstreamModel, UpstreamCall sent) {
        return credential(clouds, target).route(upstreamModel).resource().auth() instanceof AzureCredential.Entra entra
                && MintedTokens.renew(clouds.tokens(entra), sent);
    }

    static AzureCredential credential(CloudCredentials clouds, UpstreamTarget target) {
        return (AzureCredential) clouds.open(CloudCredential.Form.AZURE, target.credential());
    }

    /** Chat Completions passed through to Azure: OpenAI's relay, at the URL of the resource serving the model. */
    private final class AzureChat implements Passthrough {
        @Override
        public UpstreamCall call(UpstreamTarget target, String upstreamModel, byte[] body, boolean stream) {
            return AzureExchange.this.call(target, upstreamModel, body, stream);
        }

        @Override
        public Usage usage(JsonNode usageObject) {
            return RelayedWire.CHAT.usage(usageObject);
        }

        @Override
        public StreamWatch watch(ClientRequest request) {
            return RelayedWire.CHAT.watch(request);
        }

        @Override
        public ClientWire client() {
            return RelayedWire.CHAT.client();
        }

        @Override
        public boolean annotatesCost() {
            return RelayedWire.CHAT.annotatesCost();
        }
    }
}
