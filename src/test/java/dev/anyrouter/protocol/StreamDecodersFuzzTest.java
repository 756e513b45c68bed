package dev.anyrouter.protocol;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.anyrouter.protocol.sse.SseEvent;
import dev.anyrouter.protocol.sse.SseParser;

/**
 * Every upstream wire's stream decoding on any bytes an upstream might stream, in any chunks:
 * SSE parsing and each event through the wire's decoder, then its end; a clean refusal or
 * neutral events, never another exception.
 */
class StreamDecodersFuzzTest {
    @FuzzTest(maxDuration = "15s")
    void anyStreamDecodesOrIsRefusedCleanly(FuzzedDataProvider data) {
        // Bedrock's decoder too: its binary frames become events of the same shape (EventStreamFramingFuzzTest).
        WireCodec.StreamDecoder decoder = WireCodecs.UPSTREAM.get(data.consumeInt(0, WireCodecs.UPSTREAM.size() - 1)).streamDecoder();
        SseParser parser = new SseParser(1 << 16);
        try {
            while (data.remainingBytes() > 0) {
                for (SseEvent event : parser.feed(data.consumeBytes(1 + data.consumeInt(0, 512)))) decoder.accept(event);
            }
            decoder.end();
        } catch (dev.anyrouter.protocol.StreamFraming.EventTooLargeException tooLarge) {
            // the bound doing its job
        } catch (RuntimeException failure) {
            if (!WireCodecs.isRefusal(failure)) throw failure;
        }
    }
}
