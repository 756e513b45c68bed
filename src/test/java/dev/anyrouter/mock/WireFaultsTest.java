package dev.anyrouter.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The faults that replace an answer on every wire, seen on the raw wire: what a gateway's fault
 * suite scripts an upstream to do.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class WireFaultsTest {
    private static final String CHAT = "/v1/chat/completions";
    private static final String MESSAGES = "/v1/messages";
    private static final String HELLO = "{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]";
    private static final String CLAUDE = "{\"model\":\"claude-sonnet-4-5\",\"max_tokens\":10,\"messages\":[{\"role\":\"user\",\"content\":\"Hello\"}]";

    /** One mock for the class, its scripts and log cleared before each test. */
    private final RunningMock running = new RunningMock();

    @AfterAll
    void stopTheMock() {
        running.close();
    }

    @BeforeEach
    void forgetScripts() {
        running.reset();
    }

    private String answer(String path, String headers, String body, String fault, int quietMs) {
        running.script("{\"key\":\"sk-mock-fault\",\"fault\":\"" + fault + "\",\"times\":1}");
        try (RawSocket socket = new RawSocket(running.mock.port())) {
            return socket.post(path, headers, body).readUntilQuiet(quietMs);
        }
    }

    private String chat(String body, String fault, int quietMs) {
        return answer(CHAT, "authorization: Bearer sk-mock-fault\r\n", body, fault, quietMs);
    }

    @Test
    void stallAfterHeadersSendsA200HeadAndNoBody() {
        for (String body : new String[] {HELLO + "}", HELLO + ",\"stream\":true}"}) {
            String received = chat(body, "stall_after_headers", 500);
            assertThat(received).startsWith("HTTP/1.1 200");
            assertThat(received.substring(received.indexOf("\r\n\r\n") + 4)).isEmpty();
        }
    }

    @Test
    void dripSendsAByteEveryHundredMillisecondsThatNeverBecomesContent() {
        running.script("{\"key\":\"sk-mock-fault\",\"fault\":\"drip\",\"times\":1}");
        String received;
        try (RawSocket socket = new RawSocket(running.mock.port())) {
            received = socket.post(CHAT, "authorization: Bearer sk-mock-fault\r\n", HELLO + "}").readFor(700);
        }
        String body = received.substring(received.indexOf("\r\n\r\n") + 4);
        // Chunked: each byte is its own chunk ("1\r\nX\r\n"); within ~0.7 s a few arrived, not the answer.
        assertThat(body).startsWith("1\r\n{\r\n");
        assertThat(body.split("1\r\n", -1).length - 1).isBetween(3, 20);
        assertThat(body).doesNotContain("choices");
    }

    @Test
    void malformedJsonIsA200ThatNoParserAccepts() {
        assertThat(chat(HELLO + "}", "malformed_json", 300)).startsWith("HTTP/1.1 200").contains("\"content\":\"hel").doesNotEndWith("}");
        String stream = chat(HELLO + ",\"stream\":true}", "malformed_json", 300);
        assertThat(stream).contains("text/event-stream").contains("data: {\"id\":\"bad\"");
    }

    @Test
    void anEndlessSseLineNeverEnds() throws Exception {
        running.script("{\"key\":\"sk-mock-fault\",\"fault\":\"endless_sse_line\",\"times\":1}");
        try (Socket socket = new Socket("127.0.0.1", running.mock.port())) {
            byte[] body = (HELLO + ",\"stream\":true}").getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(("POST " + CHAT + " HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
                    + "authorization: Bearer sk-mock-fault\r\ncontent-length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(body);
            long newlinesAfterData = readCounting(socket.getInputStream(), 4 << 20);
            assertThat(newlinesAfterData).as("a line of megabytes, no event boundary").isZero();
        }
    }

    @Test
    void aHugeBodyKeepsComingAsFastAsItIsRead() throws Exception {
        running.script("{\"key\":\"sk-mock-fault\",\"fault\":\"huge_body\",\"times\":1}");
        try (Socket socket = new Socket("127.0.0.1", running.mock.port())) {
            byte[] body = (HELLO + "}").getBytes(StandardCharsets.UTF_8);
            socket.getOutputStream().write(("POST " + CHAT + " HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
                    + "authorization: Bearer sk-mock-fault\r\ncontent-length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            socket.getOutputStream().write(body);
            readCounting(socket.getInputStream(), 16 << 20); // 16 MiB read and still going
        }
        assertThat(running.send("POST", CHAT, "sk-mock-fault", HELLO + "}").statusCode()).isEqualTo(200);
    }

    @Test
    void anHtmlPageComesWithA200OnAnyWire() {
        assertThat(chat(HELLO + "}", "html_page", 300)).startsWith("HTTP/1.1 200").contains("text/html").contains("<html>");
        assertThat(answer(MESSAGES, "x-api-key: sk-mock-fault\r\nanthropic-version: 2023-06-01\r\n", CLAUDE + "}", "html_page", 300))
                .startsWith("HTTP/1.1 200").contains("<html>");
    }

    /**
     * Reads {@code limit} bytes and returns how many blank lines (an SSE event's end: LF LF or
     * CRLF CRLF) the body held; chunked framing alone never makes one.
     */
    private static long readCounting(InputStream in, long limit) throws Exception {
        byte[] buffer = new byte[64 * 1024];
        long read = 0;
        long blankLines = -1; // the head's own end counts once
        int b1 = 0, b2 = 0, b3 = 0;
        while (read < limit) {
            int n = in.read(buffer);
            if (n < 0) throw new AssertionError("the server ended after " + read + " bytes");
            for (int i = 0; i < n; i++) {
                int b = buffer[i];
                if ((b == '\n' && b1 == '\n') || (b == '\n' && b1 == '\r' && b2 == '\n' && b3 == '\r')) blankLines++;
                b3 = b2;
                b2 = b1;
                b1 = b;
            }
            read += n;
        }
        return blankLines;
    }
}
