package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.sse.SseEvent;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StreamStartTest {
    private static StreamStart of(String data) {
        return StreamStart.of(new SseEvent(("data: " + data + "\n\n").getBytes(StandardCharsets.UTF_8), null, data));
    }

    @Test
    void aRoleOnlyOpeningChunkIsNotContentYetSoTheRequestCanStillMoveOn() {
        assertThat(of("{\"choices\":[{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"finish_reason\":null}]}"))
                .isEqualTo(StreamStart.NOTHING_YET);
        assertThat(StreamStart.of(new SseEvent(": keep-alive\n\n".getBytes(StandardCharsets.UTF_8), null, null)))
                .isEqualTo(StreamStart.NOTHING_YET);
    }

    @Test
    void textToolCallsFinishReasonsUsageAndDoneAreContent() {
        assertThat(of("{\"choices\":[{\"delta\":{\"content\":\"Hi\"},\"finish_reason\":null}]}")).isEqualTo(StreamStart.CONTENT);
        assertThat(of("{\"choices\":[{\"delta\":{\"tool_calls\":[{\"index\":0,\"id\":\"call_1\"}]}}]}")).isEqualTo(StreamStart.CONTENT);
        assertThat(of("{\"choices\":[{\"delta\":{},\"finish_reason\":\"stop\"}]}")).isEqualTo(StreamStart.CONTENT);
        assertThat(of("{\"choices\":[],\"usage\":{\"prompt_tokens\":3}}")).isEqualTo(StreamStart.CONTENT);
        assertThat(of("[DONE]")).isEqualTo(StreamStart.CONTENT);
    }

    @Test
    void anErrorEventBeforeContentIsAFailureOfTheAttempt() {
        assertThat(of("{\"error\":{\"message\":\"overloaded\"}}")).isEqualTo(StreamStart.ERROR);
        assertThat(of("{\"error\":null,\"choices\":[{\"delta\":{\"content\":\"Hi\"}}]}")).isEqualTo(StreamStart.CONTENT);
    }

    @Test
    void dataThatIsNotJsonBeforeContentIsAFailureNotAWait() {
        // Was NOTHING_YET: a malformed chunk then [DONE] reached the client as a served stream.
        assertThat(of("{\"id\":\"bad\",\"choices\":[{\"delta\":{\"content\":\"hel")).isEqualTo(StreamStart.ERROR);
        assertThat(StreamStart.ofResponses(new SseEvent(new byte[0], null, "<html>"))).isEqualTo(StreamStart.ERROR);
    }
}
