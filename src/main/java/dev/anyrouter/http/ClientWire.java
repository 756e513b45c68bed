package dev.anyrouter.http;

import dev.anyrouter.protocol.WireCodec;
import dev.anyrouter.protocol.anthropic.AnthropicCodec;
import dev.anyrouter.protocol.openai.OpenAiCodec;
import dev.anyrouter.protocol.openai.OpenAiDialect;
import dev.anyrouter.providers.Wire;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerResponse;

/** The wires clients speak to the gateway, with their codec and their error shape. */
enum ClientWire {
    /** {@code /api/v1/chat/completions}: errors are {@code {"error":{…}}}. */
    OPENAI(Wire.OPENAI, new OpenAiCodec(OpenAiDialect.OPENAI)) {
        @Override
        Buffer errorBody(ApiError error) {
            return ErrorMapper.openAiBody(error);
        }
    },
    /** {@code /api/v1/messages}: errors are {@code {"type":"error","error":{…}}}. */
    ANTHROPIC(Wire.ANTHROPIC, new AnthropicCodec()) {
        @Override
        Buffer errorBody(ApiError error) {
            return ErrorMapper.anthropicBody(error);
        }
    };

    private final Wire wire;
    private final WireCodec codec;

    ClientWire(Wire wire, WireCodec codec) {
        this.wire = wire;
        this.codec = codec;
    }

    Wire wire() {
        return wire;
    }

    WireCodec codec() {
        return codec;
    }

    abstract Buffer errorBody(ApiError error);

    /** Sends an error before anything else was written; once a stream began it can only be ended. */
    void sendError(HttpServerResponse response, ApiError error) {
        if (response.headWritten()) {
            if (!response.ended()) response.end();
            return;
        }
        response.setStatusCode(error.status()).putHeader("content-type", "application/json").end(errorBody(error));
    }
}
