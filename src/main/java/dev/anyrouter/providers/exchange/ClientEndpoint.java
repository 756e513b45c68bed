package dev.anyrouter.providers.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.ModelIdLimits;
import dev.anyrouter.protocol.anthropic.MessagesRequest;
import dev.anyrouter.protocol.openai.ChatRequest;
import dev.anyrouter.protocol.openai.HostedTools;
import dev.anyrouter.protocol.openai.ResponsesCodec;
import dev.anyrouter.protocol.openai.ResponsesRequest;
import java.util.function.Function;

/**
 * The inference endpoints a client calls, each with the wire it speaks, how its request is read,
 * and how it is carried to an upstream of another wire. Whether an attempt is translated at all is the upstream
 * wire's exchange's call ({@link UpstreamExchange#passesThrough}).
 */
public enum ClientEndpoint {
    /** {@code POST /api/v1/chat/completions}. */
    CHAT_COMPLETIONS(ClientWire.OPENAI) {
        @Override
        public ClientRequest parse(byte[] body, ModelIdLimits limits) {
            return ChatRequest.parse(body, limits);
        }

        @Override
        public Translation translation(ClientRequest request, Function<String, String> header) {
            return decoded(request.tree(), ClientWire.OPENAI, "chatcmpl-");
        }
    },
    /**
     * {@code POST /api/v1/responses}. Hosted tools only run where Responses is served itself; the
     * client lists in {@value #OPTIONAL_TOOLS_HEADER} the types it accepts losing elsewhere.
     */
    RESPONSES(ClientWire.OPENAI) {
        @Override
        public ClientRequest parse(byte[] body, ModelIdLimits limits) {
            return ResponsesRequest.parse(body, limits);
        }

        @Override
        public Translation translation(ClientRequest request, Function<String, String> header) {
            ResponsesCodec codec = ResponsesCodec.forRequest(request.tree(), HostedTools.optionalTypes(header.apply(OPTIONAL_TOOLS_HEADER)));
            return new Translation(codec.decodeRequest(request.tree()), codec, ClientWire.OPENAI, "resp_");
        }
    },
    /** {@code POST /api/v1/messages}. */
    MESSAGES(ClientWire.ANTHROPIC) {
        @Override
        public ClientRequest parse(byte[] body, ModelIdLimits limits) {
            return MessagesRequest.parse(body, limits);
        }

        @Override
        public Translation translation(ClientRequest request, Function<String, String> header) {
            return decoded(request.tree(), ClientWire.ANTHROPIC, "msg_");
        }
    };

    /** Hosted tool types a Responses client accepts losing on a provider that cannot run them, comma-separated. */
    public static final String OPTIONAL_TOOLS_HEADER = "x-anyrouter-optional-tools";

    private final ClientWire wire;

    ClientEndpoint(ClientWire wire) {
        this.wire = wire;
    }

    /** The wire the endpoint's client speaks: its presets' shape and its error shape. */
    public ClientWire wire() {
        return wire;
    }

    /**
     * The client's request, read, its model ids held to {@code limits}; throws
     * {@link dev.anyrouter.protocol.MalformedJsonException} for one that cannot be.
     */
    public abstract ClientRequest parse(byte[] body, ModelIdLimits limits);

    /**
     * The request in the neutral model, for an upstream of another wire; throws
     * {@link dev.anyrouter.protocol.UnsupportedFieldException} for what cannot be carried.
     */
    public abstract Translation translation(ClientRequest request, Function<String, String> header);

    private static Translation decoded(JsonNode tree, ClientWire client, String idPrefix) {
        return new Translation(client.codec().decodeRequest(tree), client.codec(), client, idPrefix);
    }
}
