package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class AnthropicStreamWatchTest {
    static SseEvent event(String type, String data) {
        String raw = "event: " + type + "\ndata: " + data + "\n\n";
        return new SseEvent(raw.getBytes(StandardCharsets.UTF_8), type, data);
    }

    static final SseEvent MESSAGE_START = event("message_start",
            "{\"type\":\"message_start\",\"message\":{\"id\":\"msg_1\",\"type\":\"message\",\"role\":\"assistant\",\"content\":[],"
                    + "\"model\":\"claude-sonnet-4-5\",\"usage\":{\"input_tokens\":5,\"output_tokens\":1}}}");
    static final SseEvent BLOCK_START = event("content_block_start",
            "{\"type\":\"content_block_start\",\"index\":0,\"content_block\":{\"type\":\"text\",\"text\":\"\"}}");
    static final SseEvent DELTA = event("content_block_delta",
            "{\"type\":\"content_block_delta\",\"index\":0,\"delta\":{\"type\":\"text_delta\",\"text\":\"Hi\"}}");
    static final SseEvent OVERLOADED = event("error",
            "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\",\"message\":\"Overloaded\"}}");

    @Test
    void holdsTheOpeningEventsAndCountsTheFirstDeltaAsContent() {
        AnthropicStreamWatch watch = new AnthropicStreamWatch();
        assertThat(watch.start(MESSAGE_START)).isEqualTo(StreamStart.NOTHING_YET);
        assertThat(watch.start(event("ping", "{\"type\":\"ping\"}"))).isEqualTo(StreamStart.NOTHING_YET);
        assertThat(watch.start(BLOCK_START)).isEqualTo(StreamStart.NOTHING_YET);
        assertThat(watch.start(DELTA)).isEqualTo(StreamStart.CONTENT);
        assertThat(watch.start(event("message_stop", "{\"type\":\"message_stop\"}"))).isEqualTo(StreamStart.CONTENT);
    }

    @Test
    void anOverloadedErrorBeforeContentIsAnErrorStartSoTheRequestFailsOver() {
        AnthropicStreamWatch watch = new AnthropicStreamWatch();
        watch.relayed(MESSAGE_START, new CostNote(true, u -> 0));
        assertThat(watch.start(OVERLOADED)).isEqualTo(StreamStart.ERROR);
    }

    @Test
    void aStreamWithoutANamedEventIsClassifiedByItsDataType() {
        SseEvent unnamed = new SseEvent(new byte[0], null, "{\"type\":\"error\",\"error\":{\"type\":\"overloaded_error\"}}");
        assertThat(new AnthropicStreamWatch().start(unnamed)).isEqualTo(StreamStart.ERROR);
    }

    @Test
    void relaysEveryEventByteForByte() {
        AnthropicStreamWatch watch = new AnthropicStreamWatch();
        for (SseEvent e : new SseEvent[] {MESSAGE_START, BLOCK_START, DELTA}) {
            assertThat(watch.relayed(e, new CostNote(true, u -> 0)).getBytes()).isEqualTo(e.raw());
        }
    }

    @Test
    void anUpstreamErrorAfterContentIsWithheldAndReportedForTheRelayToRetell() {
        AnthropicStreamWatch watch = new AnthropicStreamWatch();
        for (SseEvent e : new SseEvent[] {MESSAGE_START, BLOCK_START, DELTA}) watch.relayed(e, new CostNote(true, u -> 0));
        assertThat(watch.failure()).isNull();
        assertThat(watch.relayed(OVERLOADED, new CostNote(true, u -> 0))).as("the upstream's own text never reaches the client").isNull();
        assertThat(watch.failure()).isEqualTo(new StreamEvent.Failure("overloaded_error", "Overloaded"));
        assertThat(watch.completed()).isFalse();
        assertThat(watch.errorEvent("overloaded_error", "upstream_stream_error", "cleaned").toString())
                .contains("event: error").contains("\"type\":\"overloaded_error\"").contains("cleaned");
    }

    @Test
    void aStreamCutShortEndsWithAnAnthropicErrorEvent() {
        AnthropicStreamWatch watch = new AnthropicStreamWatch();
        for (SseEvent e : new SseEvent[] {MESSAGE_START, BLOCK_START, DELTA}) watch.relayed(e, new CostNote(true, u -> 0));
        assertThat(watch.completed()).isFalse();
        assertThat(watch.errorEvent(null, "upstream_stream_failed", "the upstream stream failed").toString())
                .contains("event: error").contains("\"type\":\"error\"").contains("the upstream stream failed");
        assertThat(watch.usage().inputTokens()).isEqualTo(5);
    }
}
