package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.StreamFraming;
import dev.anyrouter.protocol.WireCodec;
import dev.anyrouter.protocol.sse.SseParser;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.UpstreamCall;
import dev.anyrouter.providers.UpstreamTarget;
import dev.anyrouter.providers.Wire;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one upstream {@link Wire} needs of an exchange: which client endpoints it serves as they
 * are, the codec its answers are translated with, the call that carries a translated request, and
 * how its stream body splits into events. A new wire is a {@link Wire}, one of these and a codec;
 * a framing other than server-sent events (AWS's binary event stream) is its {@link #framing()}.
 */
interface WireExchange {
    /** Whether a client of {@code endpoint} can be passed to {@code provider} as it is, with only {@code model} rewritten. */
    boolean passesThrough(ClientEndpoint endpoint, Provider provider);

    /** How a request of {@code endpoint} goes through to this wire, when {@link #passesThrough} says it can. */
    Passthrough passthrough(ClientEndpoint endpoint, ClientRequest request, Function<String, String> clientHeader);

    /** The codec a translated request is encoded with and this wire's answers decoded with. */
    WireCodec codec(Provider provider);

    /** The call that sends a request {@link #codec} encoded. */
    UpstreamCall call(UpstreamTarget target, String upstreamModel, byte[] body, boolean stream);

    /** A fresh splitter of one stream's body into events (server-sent events unless the wire frames otherwise). */
    default StreamFraming framing() {
        return new SseParser();
    }

    /** Anthropic's count_tokens call, where the wire has one. */
    default Optional<UpstreamCall> countTokens(UpstreamTarget target, byte[] body, ClientRequest request,
                                               Function<String, String> clientHeader) {
        return Optional.empty();
    }

    /** Every wire's exchange, by wire: looked up, never switched on. */
    static Map<Wire, WireExchange> all() {
        Map<Wire, WireExchange> byWire = new EnumMap<>(Wire.class);
        byWire.put(Wire.OPENAI, new OpenAiExchange());
        byWire.put(Wire.ANTHROPIC, new AnthropicExchange());
        byWire.put(Wire.GEMINI, new GeminiExchange());
        for (Wire wire : Wire.values()) {
            if (!byWire.containsKey(wire)) throw new IllegalStateException("no exchange for the " + wire.yamlName() + " wire");
        }
        return byWire;
    }
}
