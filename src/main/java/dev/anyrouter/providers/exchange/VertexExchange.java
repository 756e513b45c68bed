package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.UpstreamCodec;
import dev.anyrouter.protocol.gemini.GeminiCodec;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.UpstreamCall;
import dev.anyrouter.providers.UpstreamTarget;
import dev.anyrouter.providers.VertexAdapter;
import dev.anyrouter.providers.cloud.CloudCredential;
import dev.anyrouter.providers.cloud.CloudCredentials;
import dev.anyrouter.providers.cloud.VertexCredential;
import io.vertx.core.Future;

/**
 * Vertex AI's wire, two wires by model: Gemini's {@code generateContent} for Google's models and
 * Anthropic's Messages on {@code rawPredict} for Claude ({@link VertexClaudeCodec}); every client
 * request is translated to the one its model speaks. Each call carries the service account's
 * minted token; a 401 forgets it and tries once more with a fresh one, and a second 401 goes to
 * routing (which quarantines the key).
 */
final class VertexExchange implements WireExchange {
    private static final GeminiCodec GEMINI = new GeminiCodec();
    private static final VertexClaudeCodec CLAUDE = new VertexClaudeCodec();

    private final CloudCredentials clouds;

    VertexExchange(CloudCredentials clouds) {
        this.clouds = clouds;
    }

    @Override
    public UpstreamCodec codec(Provider provider, String upstreamModel) {
        return VertexAdapter.anthropic(upstreamModel) ? CLAUDE : GEMINI;
    }

    @Override
    public UpstreamCall call(UpstreamTarget target, String upstreamModel, byte[] body, boolean stream) {
        return VertexAdapter.generate(target, credential(target), upstreamModel, body, stream);
    }

    @Override
    public Future<UpstreamCall> authorize(UpstreamTarget target, String upstreamModel, UpstreamCall call) {
        return MintedTokens.authorize(clouds.tokens(credential(target)), call, VertexAdapter::withToken);
    }

    @Override
    public boolean renew(UpstreamTarget target, String upstreamModel, UpstreamCall sent) {
        return MintedTokens.renew(clouds.tokens(credential(target)), sent);
    }

    private VertexCredential credential(UpstreamTarget target) {
        return (VertexCredential) clouds.open(CloudCredential.Form.VERTEX, target.credential());
    }
}
