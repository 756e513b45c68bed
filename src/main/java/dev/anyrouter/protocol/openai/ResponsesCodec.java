package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.ClientCodec;
import dev.anyrouter.protocol.ModelReply;
import dev.anyrouter.protocol.ModelRequest;
import dev.anyrouter.protocol.WireCodec;
import java.util.Set;

/**
 * OpenAI's Responses API as a client wire, for answers translated from a provider that does not
 * serve it (Chat-only OpenAI-compatible ones, Anthropic, Gemini). Made per request, since a
 * Response repeats its request's settings and the request decides how reasoning and tool calls
 * are written back. Pure: no I/O.
 */
public final class ResponsesCodec implements ClientCodec {
    private final ResponseEcho echo;
    private final Set<String> optionalHosted;

    private ResponsesCodec(ResponseEcho echo, Set<String> optionalHosted) {
        this.echo = echo;
        this.optionalHosted = optionalHosted;
    }

    /**
     * The codec for one request.
     *
     * @param optionalHostedTools hosted tool types the client accepts losing (e.g. {@code web_search}): left out,
     *     and listed as dropped, instead of refused
     */
    public static ResponsesCodec forRequest(JsonNode body, Set<String> optionalHostedTools) {
        Set<String> optional = Set.copyOf(optionalHostedTools);
        return new ResponsesCodec(ResponseEcho.of(body, optional), optional);
    }

    @Override
    public ModelRequest decodeRequest(JsonNode body) {
        return ResponsesRequestDecoder.decode(body, echo.names(), optionalHosted);
    }

    @Override
    public ObjectNode encodeReply(ModelReply reply, long createdEpochSeconds) {
        return new ResponsesReplies(echo).encode(reply, createdEpochSeconds);
    }

    /** {@code includeUsage} is moot: a Responses stream always ends with its usage. */
    @Override
    public WireCodec.StreamEncoder streamEncoder(long createdEpochSeconds, boolean includeUsage) {
        return new ResponsesStreamEncoder(echo, createdEpochSeconds);
    }
}
