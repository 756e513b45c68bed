package dev.anyrouter.http;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.openai.OpenAiUsage;
import dev.anyrouter.protocol.openai.ResponsesUsage;
import dev.anyrouter.providers.OpenAiAdapter;
import dev.anyrouter.providers.UpstreamCall;
import dev.anyrouter.providers.UpstreamTarget;

/**
 * The OpenAI wires {@link OpenAiRelay} passes through as they are, and what differs between them:
 * the upstream path, where a whole answer states its usage, and how a stream is watched.
 */
enum RelayedWire {
    /** {@code /chat/completions}: usage in {@code usage.prompt_tokens…}, streams of chunks ending in {@code [DONE]}. */
    CHAT {
        @Override
        UpstreamCall call(UpstreamTarget target, byte[] body, boolean stream) {
            return OpenAiAdapter.chatCompletions(target, body, stream);
        }

        @Override
        Usage usage(JsonNode answer) {
            return OpenAiUsage.from(answer);
        }

        @Override
        StreamWatch watch(ClientRequest request) {
            return new ChatStreamWatch(request.clientWantsUsage());
        }
    },
    /** {@code /responses}: usage in {@code usage.input_tokens…}, named events ending in {@code response.completed}. */
    RESPONSES {
        @Override
        UpstreamCall call(UpstreamTarget target, byte[] body, boolean stream) {
            return OpenAiAdapter.responses(target, body, stream);
        }

        @Override
        Usage usage(JsonNode answer) {
            return ResponsesUsage.from(answer);
        }

        @Override
        StreamWatch watch(ClientRequest request) {
            return new ResponsesStreamWatch();
        }
    };

    abstract UpstreamCall call(UpstreamTarget target, byte[] body, boolean stream);

    /** The usage a whole answer states in its {@code usage} object, or null. */
    abstract Usage usage(JsonNode answer);

    /** A watch for one stream of this wire. */
    abstract StreamWatch watch(ClientRequest request);
}
