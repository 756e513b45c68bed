package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.WireCodec;
import dev.anyrouter.protocol.gemini.GeminiCodec;
import dev.anyrouter.providers.GeminiAdapter;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.UpstreamCall;
import dev.anyrouter.providers.UpstreamTarget;

/** Google's Gemini wire: no client speaks it, so every request is translated to {@code generateContent}. */
final class GeminiExchange implements WireExchange {
    private static final GeminiCodec CODEC = new GeminiCodec();

    @Override
    public WireCodec codec(Provider provider, String upstreamModel) {
        return CODEC;
    }

    @Override
    public UpstreamCall call(UpstreamTarget target, String upstreamModel, byte[] body, boolean stream) {
        return GeminiAdapter.generateContent(target, upstreamModel, body, stream);
    }
}
