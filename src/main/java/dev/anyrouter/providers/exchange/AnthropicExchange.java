package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.WireCodec;
import dev.anyrouter.protocol.anthropic.AnthropicCodec;
import dev.anyrouter.protocol.anthropic.MessagesRequest;
import dev.anyrouter.providers.AnthropicAdapter;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.UpstreamCall;
import dev.anyrouter.providers.UpstreamTarget;
import java.util.Optional;
import java.util.function.Function;

/**
 * Anthropic's Messages wire: an Anthropic client's request and {@code anthropic-beta} go through
 * as they are, with the {@code anthropic-version} {@link AnthropicAdapter#versionFor} settles on;
 * a translated request is written in the 2023-06-01 shape, which takes every field it may set.
 */
final class AnthropicExchange implements WireExchange {
    private static final AnthropicCodec CODEC = new AnthropicCodec();

    @Override
    public boolean passesThrough(ClientEndpoint endpoint, Provider provider, String upstreamModel) {
        return endpoint == ClientEndpoint.MESSAGES;
    }

    @Override
    public Passthrough passthrough(ClientEndpoint endpoint, ClientRequest request, Function<String, String> clientHeader) {
        return new AnthropicPassthrough(version(request, clientHeader), clientHeader.apply("anthropic-beta"));
    }

    @Override
    public WireCodec codec(Provider provider, String upstreamModel) {
        return CODEC;
    }

    @Override
    public UpstreamCall call(UpstreamTarget target, String upstreamModel, byte[] body, boolean stream) {
        return AnthropicAdapter.messages(target, body, stream, AnthropicAdapter.VERSION_2023, null);
    }

    @Override
    public Optional<UpstreamCall> countTokens(UpstreamTarget target, byte[] body, ClientRequest request,
                                              Function<String, String> clientHeader) {
        return Optional.of(AnthropicAdapter.countTokens(target, body, version(request, clientHeader),
                clientHeader.apply("anthropic-beta")));
    }

    private static String version(ClientRequest request, Function<String, String> clientHeader) {
        boolean setsSampling = request instanceof MessagesRequest messages && messages.setsSampling();
        return AnthropicAdapter.versionFor(clientHeader.apply("anthropic-version"), setsSampling);
    }
}
