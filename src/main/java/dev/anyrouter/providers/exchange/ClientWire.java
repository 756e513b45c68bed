package dev.anyrouter.providers.exchange;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.WireCodec;
import dev.anyrouter.protocol.anthropic.AnthropicCodec;
import dev.anyrouter.protocol.anthropic.AnthropicErrorTypes;
import dev.anyrouter.protocol.openai.OpenAiCodec;
import dev.anyrouter.protocol.openai.OpenAiDialect;
import dev.anyrouter.providers.Wire;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** The wires clients speak to the gateway, with their codec and their error shape. */
public enum ClientWire {
    /** {@code /api/v1/chat/completions}: errors are {@code {"error":{…}}}. */
    OPENAI(Wire.OPENAI, new OpenAiCodec(OpenAiDialect.OPENAI)) {
        @Override
        public Buffer errorBody(ApiError error) {
            ObjectNode root = Json.object();
            ObjectNode body = root.putObject("error");
            body.put("message", error.message());
            body.put("type", error.type());
            if (error.param() == null) body.putNull("param");
            else body.put("param", error.param());
            body.put("code", error.code());
            return Buffer.buffer(Json.bytes(root));
        }
    },
    /** {@code /api/v1/messages}: errors are {@code {"type":"error","error":{…}}}. */
    ANTHROPIC(Wire.ANTHROPIC, new AnthropicCodec()) {
        @Override
        public Buffer errorBody(ApiError error) {
            // {"type":"error","error":{"type","message"}}, with Anthropic's own error types.
            ObjectNode root = Json.object().put("type", "error");
            String type = AnthropicErrorTypes.of(error.type());
            if (type.equals("api_error")) type = AnthropicErrorTypes.forStatus(error.status());
            root.putObject("error").put("type", type).put("message", error.message());
            return Buffer.buffer(Json.bytes(root));
        }
    };

    private final Wire wire;
    private final WireCodec codec;

    ClientWire(Wire wire, WireCodec codec) {
        this.wire = wire;
        this.codec = codec;
    }

    public Wire wire() {
        return wire;
    }

    public WireCodec codec() {
        return codec;
    }

    /** The error as this wire's clients expect it. */
    public abstract Buffer errorBody(ApiError error);

    /** Sends an error before anything else was written; once a stream began it can only be ended. */
    public void sendError(HttpServerResponse response, ApiError error) {
        if (response.headWritten()) {
            if (!response.ended()) response.end();
            return;
        }
        response.setStatusCode(error.status()).putHeader("content-type", "application/json").end(errorBody(error));
    }
}
