package dev.anyrouter.protocol;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.anyrouter.protocol.anthropic.MessagesRequest;
import dev.anyrouter.protocol.openai.ChatRequest;
import dev.anyrouter.protocol.openai.ResponsesCodec;
import dev.anyrouter.protocol.openai.ResponsesRequest;
import java.util.Set;

/**
 * Every client wire's request decoding on any bytes (Chat Completions, Messages, Responses): the
 * request views the gateway routes on, then each codec's decoding into the neutral model. Bad
 * input ends in a refusal with a message ({@link MalformedJsonException},
 * {@link UnsupportedFieldException}), never in another exception.
 */
class RequestDecodersFuzzTest {
    @FuzzTest(maxDuration = "15s")
    void anyRequestBodyDecodesOrIsRefusedCleanly(FuzzedDataProvider data) {
        int wire = data.consumeInt(0, 2);
        byte[] body = data.consumeRemainingAsBytes();
        try {
            ClientRequest request = switch (wire) {
                case 0 -> ChatRequest.parse(body, ModelIdLimits.DEFAULT);
                case 1 -> MessagesRequest.parse(body, ModelIdLimits.DEFAULT);
                default -> ResponsesRequest.parse(body, ModelIdLimits.DEFAULT);
            };
            ClientCodec codec = switch (wire) {
                case 0 -> WireCodecs.ALL.get(0);
                case 1 -> WireCodecs.ALL.get(1);
                default -> ResponsesCodec.forRequest(request.tree(), Set.of());
            };
            codec.decodeRequest(request.tree());
            request.forUpstream("upstream-model");
        } catch (RuntimeException failure) {
            if (!WireCodecs.isRefusal(failure)) throw failure;
        }
    }
}
