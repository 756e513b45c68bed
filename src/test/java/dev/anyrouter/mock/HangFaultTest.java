package dev.anyrouter.mock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.http.HttpTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The stall faults, for the gateway's first-byte and idle timeouts: nothing at all, or one chunk then nothing. */
class HangFaultTest {

    private static final String CHAT = "/v1/chat/completions";
    private static final String HELLO = "{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]";
    private static final String STREAM = HELLO + ",\"stream\":true}";

    private static RunningMock running;

    @BeforeAll
    static void start() {
        running = new RunningMock();
    }

    @AfterAll
    static void stop() {
        running.close();
    }

    @BeforeEach
    void reset() {
        running.reset();
    }

    private static RawSocket post(String key, String body) {
        return new RawSocket(running.mock.port()).post(CHAT, "authorization: Bearer " + key + "\r\n", body);
    }

    @Test
    void hangSendsNotEvenHeadersUntilTheClientGivesUp() throws Exception {
        running.script("{\"key\":\"sk-mock-hang\",\"fault\":\"hang\",\"times\":1}");

        try (RawSocket socket = post("sk-mock-hang", HELLO + "}")) {
            assertThat(socket.readUntilQuiet(400)).isEmpty();
            assertThat(socket.closedByServer(100)).isFalse();
        }

        // The request was taken in and recorded; the script was used up; the mock serves on.
        assertThat(running.mock.received()).hasSize(1);
        assertThat(running.send("POST", CHAT, "sk-mock-hang", HELLO + "}").statusCode()).isEqualTo(200);
    }

    @Test
    void hangTripsAClientsRequestTimeoutOnJsonAndStreamAlike() {
        running.script("{\"key\":\"sk-mock-hang\",\"fault\":\"hang\"}");

        for (String body : new String[] {HELLO + "}", STREAM}) {
            var request = running.request("POST", CHAT, "sk-mock-hang", body).timeout(Duration.ofMillis(300)).build();
            assertThatThrownBy(() -> running.http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString()))
                    .isInstanceOf(HttpTimeoutException.class);
        }
    }

    @Test
    void hangWinsOverAScriptedStatusSoNoErrorIsSentEither() {
        running.script("{\"key\":\"sk-mock-hang\",\"fault\":\"hang\",\"status\":503}");

        try (RawSocket socket = post("sk-mock-hang", HELLO + "}")) {
            assertThat(socket.readUntilQuiet(300)).isEmpty();
        }
    }

    @Test
    void hangAfterFirstChunkSendsHeadersAndOneEventThenNothing() {
        running.script("{\"key\":\"sk-mock-stall\",\"fault\":\"hang_after_first_chunk\"}");

        try (RawSocket socket = post("sk-mock-stall", STREAM)) {
            String wire = socket.readUntilQuiet(400);

            assertThat(wire).startsWith("HTTP/1.1 200").contains("text/event-stream");
            assertThat(wire.split("data: ", -1)).hasSize(2);
            assertThat(wire).contains("\"role\":\"assistant\"").doesNotContain("[DONE]");
            assertThat(socket.closedByServer(100)).isFalse();
        }
    }

    @Test
    void hangAfterFirstChunkSendsHalfAJsonBodyThenNothing() {
        running.script("{\"key\":\"sk-mock-stall\",\"fault\":\"hang_after_first_chunk\"}");

        try (RawSocket socket = post("sk-mock-stall", HELLO + "}")) {
            String wire = socket.readUntilQuiet(400);

            assertThat(wire).startsWith("HTTP/1.1 200").contains("transfer-encoding: chunked");
            assertThat(wire).contains("\"chat.completion\"").doesNotContain("\"usage\"").doesNotEndWith("0\r\n\r\n");
        }
    }

    @Test
    void manyAbandonedHangsLeaveTheMockServing() throws InterruptedException {
        running.script("{\"key\":\"sk-mock-hang-many\",\"fault\":\"hang\"}");
        running.script("{\"key\":\"sk-mock-stall-many\",\"fault\":\"hang_after_first_chunk\"}");

        for (int i = 0; i < 50; i++) {
            post(i % 2 == 0 ? "sk-mock-hang-many" : "sk-mock-stall-many", STREAM).close();
        }
        // Abandoned requests may still be read after their sockets closed; let them land first.
        long seen = -1;
        for (int quietChecks = 0; quietChecks < 4; ) {
            Thread.sleep(50);
            long now = running.mock.received().size();
            quietChecks = now == seen ? quietChecks + 1 : 0;
            seen = now;
        }

        assertThat(running.send("POST", CHAT, "sk-mock-fine", HELLO + "}").statusCode()).isEqualTo(200);
    }

    @Test
    void adminAcceptsTheHangFaults() {
        assertThat(running.send("POST", "/_mock/script", null, "{\"key\":\"k\",\"fault\":\"hang\"}").statusCode())
                .isEqualTo(200);
        assertThat(running.send("POST", "/_mock/script", null, "{\"key\":\"k\",\"fault\":\"hang_after_first_chunk\"}")
                .statusCode()).isEqualTo(200);
    }
}
