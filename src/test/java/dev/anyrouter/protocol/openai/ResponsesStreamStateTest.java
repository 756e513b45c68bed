package dev.anyrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.protocol.sse.SseEvent;
import dev.anyrouter.protocol.sse.SseParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ResponsesStreamStateTest {

    private static byte[] fixture() throws IOException {
        try (InputStream in = ResponsesStreamStateTest.class.getResourceAsStream("/wire/openai/responses-stream-text.sse")) {
            return in.readAllBytes();
        }
    }

    private static ResponsesStreamState watch(List<SseEvent> events) {
        ResponsesStreamState monitor = new ResponsesStreamState();
        events.forEach(monitor::accept);
        return monitor;
    }

    private static List<SseEvent> events(String text) {
        return new SseParser().feed(text.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void capturesTheUsageOfResponseCompleted() throws IOException {
        ResponsesStreamState monitor = watch(new SseParser().feed(fixture()));
        assertThat(monitor.ending()).isEqualTo(ResponsesStreamState.Ending.COMPLETED);
        assertThat(monitor.usage().inputTokens()).isEqualTo(1200);
        assertThat(monitor.usage().cachedTokens()).isEqualTo(1024);
        assertThat(monitor.usage().outputTokens()).isEqualTo(3);
        assertThat(monitor.nextSequenceNumber()).isEqualTo(11);
    }

    @Test
    void readsTheSameWhateverTheChunking() throws IOException {
        byte[] all = fixture();
        Random random = new Random(8);
        for (int round = 0; round < 50; round++) {
            SseParser parser = new SseParser();
            ResponsesStreamState monitor = new ResponsesStreamState();
            for (int at = 0; at < all.length; ) {
                int size = Math.min(all.length - at, 1 + random.nextInt(200));
                parser.feed(java.util.Arrays.copyOfRange(all, at, at + size)).forEach(monitor::accept);
                at += size;
            }
            assertThat(monitor.ending()).isEqualTo(ResponsesStreamState.Ending.COMPLETED);
            assertThat(monitor.usage().cachedTokens()).isEqualTo(1024);
        }
    }

    @Test
    void aStreamWithoutItsFinalEventIsCutShort() throws IOException {
        String text = new String(fixture(), StandardCharsets.UTF_8);
        String cut = text.substring(0, text.indexOf("event: response.completed"));
        ResponsesStreamState monitor = watch(events(cut));
        assertThat(monitor.ending()).isEqualTo(ResponsesStreamState.Ending.NONE);
        assertThat(monitor.usage().outputTokens()).isZero();
        assertThat(monitor.nextSequenceNumber()).isEqualTo(10);
    }

    @Test
    void incompleteIsAProperEndWithUsage() {
        ResponsesStreamState monitor = watch(events("event: response.incomplete\ndata: {\"type\":\"response.incomplete\","
                + "\"sequence_number\":7,\"response\":{\"status\":\"incomplete\",\"usage\":{\"input_tokens\":5,"
                + "\"output_tokens\":3}}}\n\n"));
        assertThat(monitor.ending()).isEqualTo(ResponsesStreamState.Ending.COMPLETED);
        assertThat(monitor.usage().outputTokens()).isEqualTo(3);
    }

    @Test
    void failedAndErrorEventsAreFailures() {
        ResponsesStreamState failed = watch(events("event: response.failed\ndata: {\"type\":\"response.failed\","
                + "\"sequence_number\":3,\"response\":{\"status\":\"failed\",\"error\":{\"code\":\"server_error\","
                + "\"message\":\"boom\"}}}\n\n"));
        assertThat(failed.ending()).isEqualTo(ResponsesStreamState.Ending.FAILED);

        // Without event: lines the type is read from the data.
        ResponsesStreamState error = watch(events("data: {\"type\":\"error\",\"code\":\"rate limit: sk-abc\","
                + "\"message\":\"x\",\"param\":null,\"sequence_number\":2}\n\n"));
        assertThat(error.ending()).isEqualTo(ResponsesStreamState.Ending.FAILED);
        assertThat(error.nextSequenceNumber()).isEqualTo(3);
    }

    @Test
    void readsSequenceNumbersWithoutParsingTheEvent() {
        assertThat(ResponsesStreamState.sequenceOf("{\"type\":\"x\",\"sequence_number\": 42,\"delta\":\"a\"}")).isEqualTo(42);
        assertThat(ResponsesStreamState.sequenceOf("{\"type\":\"x\"}")).isEqualTo(-1);
    }

    @Test
    void countsTheWebSearchCallsOfTheFinalOutputAndTheSearchesOfAStreamCutBeforeIt() throws IOException {
        byte[] transcript;
        try (InputStream in = getClass().getResourceAsStream("/wire/openai/responses-stream-web-search.sse")) {
            transcript = in.readAllBytes();
        }
        List<SseEvent> all = new SseParser().feed(transcript);
        ResponsesStreamState whole = watch(all);
        assertThat(whole.usageFinal()).isTrue();
        assertThat(whole.usage().webSearches()).isEqualTo(2);
        assertThat(whole.usage().inputTokens()).isEqualTo(9120);

        // Cut after the first search was added: that search is counted, nothing is stated.
        int firstAdded = 0;
        while (!all.get(firstAdded).event().equals("response.output_item.added")) firstAdded++;
        ResponsesStreamState cut = watch(all.subList(0, firstAdded + 1));
        assertThat(cut.usageFinal()).isFalse();
        assertThat(cut.usage().webSearches()).isEqualTo(1);
        assertThat(cut.usage().inputTokens()).isZero();

        assertThat(watch(new SseParser().feed(fixture())).usage().webSearches()).as("no search, none counted").isZero();
    }

    @Test
    void countsTheWebSearchCallsOfAWholeResponseWhateverItsTextSays() throws IOException {
        byte[] answer;
        try (InputStream in = getClass().getResourceAsStream("/wire/openai/responses-web-search.json")) {
            answer = in.readAllBytes();
        }
        assertThat(ResponsesUsage.webSearches(answer)).isEqualTo(2);
        assertThat(ResponsesUsage.webSearches(("{\"output\":[{\"type\":\"message\",\"content\":[{\"type\":\"output_text\","
                + "\"text\":\"a \\\"web_search_call\\\" item\"}]}],\"usage\":{}}").getBytes(StandardCharsets.UTF_8)))
                .as("the type quoted in text is no search").isZero();
        assertThat(ResponsesUsage.webSearches("{\"output\":[],\"note\":\"web_search_call\"}".getBytes(StandardCharsets.UTF_8)))
                .isZero();
    }
}
