package dev.anyrouter.providers.exchange;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.openai.OpenAiUsage;
import dev.anyrouter.protocol.openai.ResponsesUsage;
import dev.anyrouter.providers.OpenAiAdapter;
import dev.anyrouter.providers.UpstreamCall;
import dev.anyrouter.providers.UpstreamTarget;

/**
 * The OpenAI wires the relay passes through as they are, and what differs between them:
 * the upstream path, where a whole answer states its usage, and how a stream is watched.
 */
public enum RelayedWire implements Passthrough {
    /** {@code /chat/completions}: usage in {@code usage.prompt_tokens…}, streams of chunks ending in {@code [DONE]}. */
    CHAT {
        @Override
        public UpstreamCall call(UpstreamTarget target, String upstreamModel, byte[] body, boolean stream) {
            return OpenAiAdapter.chatCompletions(target, body, stream);
        }

        @Override
        public Usage usage(JsonNode usageObject) {
            return OpenAiUsage.of(usageObject);
        }

        @Override
        public StreamWatch watch(ClientRequest request) {
            return new ChatStreamWatch(request.clientWantsUsage());
        }
    },
    /** {@code /responses}: usage in {@code usage.input_tokens…}, named events ending in {@code response.completed}. */
    RESPONSES {
        @Override
        public UpstreamCall call(UpstreamTarget target, String upstreamModel, byte[] body, boolean stream) {
            return OpenAiAdapter.responses(target, body, stream);
        }

        @Override
        public Usage usage(JsonNode usageObject) {
            return ResponsesUsage.of(usageObject);
        }

        @Override
        public Usage answered(Usage usage, byte[] answer) {
            return usage.withWebSearches(ResponsesUsage.webSearches(answer));
        }

        @Override
        public StreamWatch watch(ClientRequest request) {
            return new ResponsesStreamWatch();
        }
    };

    @Override
    public ClientWire client() {
        return ClientWire.OPENAI;
    }

    @Override
    public boolean annotatesCost() {
        return true;
    }
}
