package dev.anyrouter.providers.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.anthropic.AnthropicReplies;
import dev.anyrouter.providers.AnthropicAdapter;
import dev.anyrouter.providers.UpstreamCall;
import dev.anyrouter.providers.UpstreamTarget;

/**
 * The Anthropic Messages wire, passed through for an Anthropic client: the body and
 * {@code anthropic-beta} go as the client sent them (only {@code model} is rewritten), with the
 * {@code anthropic-version} {@link AnthropicAdapter} settled on; answers come back byte for byte.
 */
public record AnthropicPassthrough(String version, String beta) implements Passthrough {
    @Override
    public UpstreamCall call(UpstreamTarget target, String upstreamModel, byte[] body, boolean stream) {
        return AnthropicAdapter.messages(target, body, stream, version, beta);
    }

    @Override
    public Usage usage(JsonNode usageObject) {
        return AnthropicReplies.usage(usageObject);
    }

    @Override
    public StreamWatch watch(ClientRequest request) {
        return new AnthropicStreamWatch();
    }

    @Override
    public ClientWire client() {
        return ClientWire.ANTHROPIC;
    }

    @Override
    public boolean annotatesCost() {
        return false;
    }
}
