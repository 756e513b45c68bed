package dev.anyrouter.protocol;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;

/**
 * Every upstream wire's answer decoding on any JSON an upstream might send: a clean refusal or a
 * neutral reply, never another exception (which would reach the client as a 500).
 */
class ReplyDecodersFuzzTest {
    @FuzzTest(maxDuration = "15s")
    void anyAnswerDecodesOrIsRefusedCleanly(FuzzedDataProvider data) {
        UpstreamCodec codec = WireCodecs.UPSTREAM.get(data.consumeInt(0, WireCodecs.UPSTREAM.size() - 1));
        JsonNode answer;
        try {
            answer = Json.parse(data.consumeRemainingAsBytes());
        } catch (MalformedJsonException notJson) {
            return;
        }
        try {
            codec.decodeReply(answer);
        } catch (RuntimeException failure) {
            if (!WireCodecs.isRefusal(failure)) throw failure;
        }
    }
}
