package dev.anyrouter.protocol.openai;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.protocol.sse.SseEvent;
import dev.anyrouter.protocol.sse.SseParser;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import org.junit.jupiter.api.Test;

class ChatStreamStateTest {

    private static List<SseEvent> fixtureEvents(String name) throws IOException {
        try (InputStream in = ChatStreamStateTest.class.getResourceAsStream("/wire/openai/" + name)) {
            return new SseParser().feed(in.readAllBytes());
        }
    }

    @Test
    void capturesUsageAndWithholdsTheUsageChunkTheClientDidNotAskFor() throws IOException {
        ChatStreamState monitor = new ChatStreamState(false);
        List<SseEvent> forwarded = fixtureEvents("chat-stream-with-usage.sse").stream().filter(monitor::accept).toList();
        assertThat(monitor.completed()).isTrue();
        assertThat(monitor.usage().inputTokens()).isEqualTo(19);
        assertThat(monitor.usage().outputTokens()).isEqualTo(10);
        assertThat(monitor.usage().cachedTokens()).isEqualTo(0);
        assertThat(forwarded).noneMatch(e -> e.data() != null && e.data().contains("\"choices\":[]"));
        assertThat(forwarded.getLast().data()).isEqualTo("[DONE]");
    }

    @Test
    void forwardsTheUsageChunkWhenTheClientAskedForIt() throws IOException {
        ChatStreamState monitor = new ChatStreamState(true);
        List<SseEvent> all = fixtureEvents("chat-stream-with-usage.sse");
        assertThat(all.stream().filter(monitor::accept).count()).isEqualTo(all.size());
    }

    @Test
    void handsOverTheParsedChunkOfTheEventThatStatedUsageAndOnlyThatOne() throws IOException {
        ChatStreamState monitor = new ChatStreamState(true);
        int withUsage = 0;
        for (SseEvent event : fixtureEvents("chat-stream-with-usage.sse")) {
            monitor.accept(event);
            boolean states = event.data() != null && event.data().contains("\"prompt_tokens\"");
            if (states) {
                withUsage++;
                assertThat(monitor.usageChunk().path("usage").path("prompt_tokens").asLong()).isEqualTo(19);
            } else {
                assertThat(monitor.usageChunk()).isNull();
            }
        }
        assertThat(withUsage).isEqualTo(1);
    }

    @Test
    void aStreamWithoutDoneOrFinishReasonIsNotComplete() throws IOException {
        ChatStreamState monitor = new ChatStreamState(false);
        List<SseEvent> events = fixtureEvents("chat-stream-with-usage.sse");
        events.subList(0, 3).forEach(monitor::accept);
        assertThat(monitor.completed()).isFalse();
    }

    @Test
    void aStreamWithAFinishReasonAndUsageButNoDoneIsNotComplete() throws IOException {
        // Failed while a finish reason counted as the end: a stream cut before [DONE] ended silently.
        ChatStreamState monitor = new ChatStreamState(true);
        List<SseEvent> events = fixtureEvents("chat-stream-with-usage.sse");
        assertThat(events.getLast().data()).isEqualTo("[DONE]");
        events.subList(0, events.size() - 1).forEach(monitor::accept);
        assertThat(monitor.usage().inputTokens()).isEqualTo(19);
        assertThat(monitor.completed()).isFalse();
        monitor.accept(events.getLast());
        assertThat(monitor.completed()).isTrue();
    }

    @Test
    void anErrorEventMakesTheStreamAFailureAndKeepsWhatItSaid() {
        ChatStreamState monitor = new ChatStreamState(false);
        monitor.accept(new SseEvent(new byte[0], null, "{\"error\":{\"message\":\"overloaded\",\"type\":\"server_error\"}}"));
        monitor.accept(new SseEvent(new byte[0], null, "[DONE]"));
        assertThat(monitor.completed()).isFalse();
        assertThat(monitor.error().path("message").asText()).isEqualTo("overloaded");
        ChatStreamState stringError = new ChatStreamState(false);
        stringError.accept(new SseEvent(new byte[0], null, "{\"error\":\"rate limited\"}"));
        assertThat(stringError.error().path("message").asText()).isEqualTo("rate limited");
        ChatStreamState nullError = new ChatStreamState(false);
        nullError.accept(new SseEvent(new byte[0], null, "{\"error\":null,\"choices\":[]}"));
        assertThat(nullError.error()).isNull();
    }
}
