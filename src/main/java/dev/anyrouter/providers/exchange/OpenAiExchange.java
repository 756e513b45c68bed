package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.WireCodec;
import dev.anyrouter.protocol.openai.OpenAiCodec;
import dev.anyrouter.providers.OpenAiAdapter;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.UpstreamCall;
import dev.anyrouter.providers.UpstreamTarget;
import java.util.function.Function;

/**
 * OpenAI's wire and every OpenAI-compatible provider: Chat Completions pass through as they are,
 * Responses too where the catalog says the provider serves it ({@code responses: true}); anything
 * else is translated to Chat Completions in the provider's dialect.
 */
final class OpenAiExchange implements WireExchange {
    @Override
    public boolean passesThrough(ClientEndpoint endpoint, Provider provider, String upstreamModel) {
        return switch (endpoint) {
            case CHAT_COMPLETIONS -> true;
            case RESPONSES -> provider.responses();
            case MESSAGES -> false;
        };
    }

    @Override
    public Passthrough passthrough(ClientEndpoint endpoint, ClientRequest request, Function<String, String> clientHeader) {
        return endpoint == ClientEndpoint.RESPONSES ? RelayedWire.RESPONSES : RelayedWire.CHAT;
    }

    @Override
    public WireCodec codec(Provider provider, String upstreamModel) {
        return new OpenAiCodec(OpenAiAdapter.dialect(provider));
    }

    @Override
    public UpstreamCall call(UpstreamTarget target, String upstreamModel, byte[] body, boolean stream) {
        return OpenAiAdapter.chatCompletions(target, body, stream);
    }
}
