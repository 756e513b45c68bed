package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.StreamFraming;
import dev.anyrouter.protocol.UpstreamCodec;
import dev.anyrouter.protocol.sse.SseParser;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.UpstreamCall;
import dev.anyrouter.providers.UpstreamTarget;
import dev.anyrouter.providers.Wire;
import dev.anyrouter.providers.cloud.CloudCredentials;
import io.vertx.core.Future;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * What one upstream {@link Wire} needs of an exchange: which client endpoints it serves as they
 * are, the codec its answers are translated with, the call that carries a translated request, how
 * the call is authenticated, and how its stream body splits into events. A new wire is a
 * {@link Wire}, one of these and a codec; a framing other than server-sent events (AWS's binary
 * event stream) is its {@link #framing}; a credential that signs each call or mints tokens (the
 * clouds) is its {@link #authorize} and {@link #renew}. The URL of a call may depend on the model
 * and the credential (Azure's deployments, Bedrock's model path, Vertex's publisher and region):
 * every builder is given both.
 */
interface WireExchange {
    /**
     * Whether a client of {@code endpoint} can be passed to {@code provider} as it is, with only
     * {@code model} rewritten; {@code upstreamModel} matters where one provider serves models of
     * several wires (Vertex: Gemini's and Anthropic's). Never, unless the wire says otherwise: no
     * client speaks Gemini's, Bedrock's or Vertex's wire, so their requests are always translated.
     */
    default boolean passesThrough(ClientEndpoint endpoint, Provider provider, String upstreamModel) {
        return false;
    }

    /** How a request of {@code endpoint} goes through to this wire, when {@link #passesThrough} says it can. */
    default Passthrough passthrough(ClientEndpoint endpoint, ClientRequest request, Function<String, String> clientHeader) {
        throw new IllegalStateException("no client speaks this wire: its requests are translated, never passed through");
    }

    /** The codec a translated request for {@code upstreamModel} is encoded with and its answers decoded with. */
    UpstreamCodec codec(Provider provider, String upstreamModel);

    /** The model id the request body names (Azure's v1 API: the deployment); the upstream model elsewhere. */
    default String bodyModel(UpstreamTarget target, String upstreamModel) {
        return upstreamModel;
    }

    /** The call that sends a request {@link #codec} encoded. */
    UpstreamCall call(UpstreamTarget target, String upstreamModel, byte[] body, boolean stream);

    /**
     * A fresh splitter of one stream's body into events (server-sent events unless the wire frames
     * otherwise), holding at most {@code maxEventBytes} of one incomplete event.
     */
    default StreamFraming framing(int maxEventBytes) {
        return new SseParser(maxEventBytes);
    }

    /**
     * The call with its credential added, just before it is sent: as built where the key went into
     * a header already; signed (SigV4) or given a minted token (which may first be fetched, off the
     * event loop) for the clouds. A credential the token endpoint refuses fails the future with
     * {@link dev.anyrouter.providers.cloud.TokenRefusedException}.
     */
    default Future<UpstreamCall> authorize(UpstreamTarget target, String upstreamModel, UpstreamCall call) {
        return Future.succeededFuture(call);
    }

    /**
     * The upstream answered {@code sent} with 401: whether a fresh authorization may be worth one
     * more try (a minted token, now forgotten, may have been revoked or expired early). False where
     * the credential is what it is, so the 401 goes to routing as it came.
     */
    default boolean renew(UpstreamTarget target, String upstreamModel, UpstreamCall sent) {
        return false;
    }

    /** Anthropic's count_tokens call, where the wire has one. */
    default Optional<UpstreamCall> countTokens(UpstreamTarget target, byte[] body, ClientRequest request,
                                               Function<String, String> clientHeader) {
        return Optional.empty();
    }

    /** Every wire's exchange, by wire: looked up, never switched on. */
    static Map<Wire, WireExchange> all(CloudCredentials clouds) {
        Map<Wire, WireExchange> byWire = new EnumMap<>(Wire.class);
        byWire.put(Wire.OPENAI, new OpenAiExchange());
        byWire.put(Wire.ANTHROPIC, new AnthropicExchange());
        byWire.put(Wire.GEMINI, new GeminiExchange());
        byWire.put(Wire.AZURE, new AzureExchange(clouds));
        byWire.put(Wire.BEDROCK, new BedrockExchange(clouds));
        byWire.put(Wire.VERTEX, new VertexExchange(clouds));
        for (Wire wire : Wire.values()) {
            if (!byWire.containsKey(wire)) throw new IllegalStateException("no exchange for the " + wire.yamlName() + " wire");
        }
        return byWire;
    }
}
