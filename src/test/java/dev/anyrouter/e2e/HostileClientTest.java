package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a hostile client sends costs it one request's worth: huge model lists, huge ids and preset
 * names, oversized or unauthenticated bodies are refused before they are worked on, and silent or
 * trickling connections are closed by their deadlines while a normal client is served.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class HostileClientTest {
    private static final String PROVIDER_KEY = "sk-mock-hostile-aaaa";

    @TempDir
    static Path dataDir;

    Stack stack;
    String key;

    @BeforeAll
    void start() throws Exception {
        stack = new Stack(dataDir, Map.of("request-header-timeout-ms", "2000", "connection-idle-timeout-ms", "3000"));
        key = stack.signup("hostile@example.com");
        assertThat(stack.addKey(key, PROVIDER_KEY, "main").status()).isEqualTo(201);
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    private static String chat(String model, String extra) {
        return "{\"model\":\"" + model + "\"" + extra + ",\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}";
    }

    private void assertServesNormally() throws Exception {
        Stack.Reply ok = stack.call("POST", "/api/v1/chat/completions", key, chat("openai/gpt-4.1-mini", ""));
        assertThat(ok.status()).as(ok.body()).isEqualTo(200);
    }

    @Test
    void aModelListOfThreeHundredThousandIdsIsRefusedUnread() throws Exception {
        // Before: de-duplicated with List.contains on the event loop, ~10^11 comparisons.
        StringBuilder models = new StringBuilder(",\"models\":[");
        for (int i = 0; i < 300_000; i++) models.append(i == 0 ? "" : ",").append("\"openai/m-").append(i).append('"');
        Stack.Reply reply = stack.call("POST", "/api/v1/chat/completions", key, chat("openai/gpt-4.1-mini", models.append(']').toString()));
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().at("/error/message").asText()).contains("at most 16");
        assertServesNormally();
    }

    @Test
    void aModelListAtTheLimitIsStillRouted() throws Exception {
        StringBuilder models = new StringBuilder(",\"models\":[");
        for (int i = 0; i < 16; i++) models.append(i == 0 ? "" : ",").append("\"openai/gpt-4.1-mini\"");
        Stack.Reply reply = stack.call("POST", "/api/v1/chat/completions", key, chat("openai/gpt-4.1-mini", models.append(']').toString()));
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
    }

    @Test
    void megabyteModelIdsAndPresetNamesAreRefusedWithoutBeingQuoted() throws Exception {
        String longId = "openai/" + "a".repeat(2_000_000);
        String longPreset = "@preset/" + "p".repeat(2_000_000);
        for (String path : List.of("/api/v1/chat/completions", "/api/v1/responses", "/api/v1/messages")) {
            String body = path.endsWith("responses") ? "{\"model\":\"" + longId + "\",\"input\":\"x\"}"
                    : path.endsWith("messages") ? "{\"model\":\"" + longId + "\",\"max_tokens\":5,\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}"
                    : chat(longId, "");
            Stack.Reply reply = stack.call("POST", path, key, body);
            assertThat(reply.status()).as(path + " " + reply.body().length()).isEqualTo(400);
            assertThat(reply.body().length()).as(path).isLessThan(1000);
        }
        Stack.Reply preset = stack.call("POST", "/api/v1/chat/completions", key, chat(longPreset, ""));
        assertThat(preset.status()).isEqualTo(400);
        assertThat(preset.body().length()).isLessThan(1000);
        Stack.Reply fallback = stack.call("POST", "/api/v1/chat/completions", key,
                chat("openai/gpt-4.1-mini", ",\"models\":[\"" + longId + "\"]"));
        assertThat(fallback.status()).isEqualTo(400);
        assertThat(fallback.body().length()).isLessThan(1000);
        assertServesNormally();
    }

    @Test
    void aPresetNameNoPresetCanHaveIsRefusedAsSuch() throws Exception {
        Stack.Reply reply = stack.call("POST", "/api/v1/chat/completions", key, chat("@preset/Not A Name!", ""));
        assertThat(reply.status()).as(reply.body()).isEqualTo(400);
        assertThat(reply.json().at("/error/message").asText()).contains("names no preset").doesNotContain("Not A Name");
    }

    @Test
    void aManagementBodyOverItsLimitIsRefusedWith413BeforeAuthentication() throws Exception {
        String big = "{\"provider\":\"openai\",\"key\":\"sk-" + "k".repeat(1_000_000) + "\"}";
        Stack.Reply withKey = stack.call("POST", "/api/v1/byok", key, big);
        assertThat(withKey.status()).as(withKey.body()).isEqualTo(413);
        assertThat(withKey.json().at("/error/code").asText()).isEqualTo("request_too_large");
        assertThat(withKey.body()).contains(String.valueOf(64 * 1024));
        Stack.Reply noKey = stack.call("POST", "/api/v1/byok", null, big);
        assertThat(noKey.status()).as(noKey.body()).isEqualTo(413);
        assertServesNormally();
    }

    @Test
    void aBodyWithoutALengthIsCutOffWhenReadingPassesTheLimit() throws Exception {
        // Chunked: no Content-Length to judge by, so the limit applies as the bytes arrive.
        byte[] big = ("{\"provider\":\"openai\",\"key\":\"sk-" + "k".repeat(200_000) + "\"}").getBytes(StandardCharsets.UTF_8);
        java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(stack.gatewayBase() + "/byok"))
                .header("authorization", "Bearer " + key).header("content-type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();
        java.net.http.HttpResponse<String> reply = stack.http.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(reply.statusCode()).as(reply.body()).isEqualTo(413);
        assertServesNormally();
    }

    @Test
    void aDeclaredOversizedBodyIsRefusedBeforeItIsSent() throws Exception {
        for (String path : List.of("/api/v1/byok", "/api/v1/chat/completions")) {
            try (Socket socket = new Socket("127.0.0.1", stack.gateway.port())) {
                write(socket, "POST " + path + " HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
                        + "authorization: Bearer " + key + "\r\ncontent-length: 100000000\r\nexpect: 100-continue\r\n\r\n");
                String answer = readHead(socket, 5000);
                assertThat(answer).as(path).startsWith("HTTP/1.1 413");
            }
        }
    }

    @Test
    void anInferenceRequestWithoutAValidKeyIsAnsweredBeforeItsBodyIsRead() throws Exception {
        // Before: the whole body was read (up to 8 MiB) before the key was looked at.
        for (String auth : List.of("", "authorization: Bearer sk-ar-v1-notarealkey\r\n", "x-api-key: nope\r\n")) {
            try (Socket socket = new Socket("127.0.0.1", stack.gateway.port())) {
                write(socket, "POST /api/v1/messages HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n" + auth
                        + "content-length: 5000000\r\n\r\n{\"model\":");
                String answer = readHead(socket, 5000);
                assertThat(answer).as(auth).startsWith("HTTP/1.1 401");
                assertThat(answer).contains("\"type\":\"error\""); // the Anthropic wire's shape
            }
        }
    }

    @Test
    void aManagementBodyWithoutCredentialsGets401NotAJudgementOfIt() throws Exception {
        // Before: the body was checked first and this answered 400 "unknown field".
        Stack.Reply reply = stack.call("POST", "/api/v1/byok", null, "{\"nonsense\":true}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(401);
        Stack.Reply preset = stack.call("PUT", "/api/v1/presets/x", null, "not json at all");
        assertThat(preset.status()).as(preset.body()).isEqualTo(401);
    }

    @Test
    void twoThousandSilentConnectionsDoNotStopANormalClientAndAreClosedByTheHeaderDeadline() throws Exception {
        List<Socket> silent = new ArrayList<>();
        try {
            for (int i = 0; i < 2_000; i++) silent.add(new Socket("127.0.0.1", stack.gateway.port()));
            assertServesNormally();
            long deadline = System.nanoTime() + 20_000_000_000L;
            int closed = 0;
            for (Socket s : silent) {
                s.setSoTimeout((int) Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
                try {
                    if (s.getInputStream().read() < 0) closed++;
                } catch (SocketTimeoutException stillOpen) {
                    break;
                } catch (IOException reset) {
                    closed++;
                }
            }
            assertThat(closed).isEqualTo(2_000);
            // On a new connection: the client's pooled one sat idle past the header deadline too, and
            // was closed by it (as it should be), which a reused connection would read as a failure.
            try (java.net.http.HttpClient fresh = java.net.http.HttpClient.newHttpClient()) {
                java.net.http.HttpResponse<String> ok = fresh.send(java.net.http.HttpRequest.newBuilder(
                                java.net.URI.create(stack.gatewayBase() + "/chat/completions"))
                        .header("authorization", "Bearer " + key).header("content-type", "application/json")
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(chat("openai/gpt-4.1-mini", ""))).build(),
                        java.net.http.HttpResponse.BodyHandlers.ofString());
                assertThat(ok.statusCode()).as(ok.body()).isEqualTo(200);
            }
        } finally {
            for (Socket s : silent) s.close();
        }
    }

    @Test
    void aConnectionThatTricklesItsHeadersIsClosedAtTheDeadline() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", stack.gateway.port())) {
            long start = System.nanoTime();
            byte[] head = "GET /health HTTP/1.1\r\nhost: x\r\nx-slow: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa".getBytes(StandardCharsets.US_ASCII);
            boolean cut = false;
            for (byte b : head) {
                try {
                    socket.getOutputStream().write(b);
                    socket.getOutputStream().flush();
                } catch (IOException closed) {
                    cut = true;
                    break;
                }
                Thread.sleep(100);
                if (System.nanoTime() - start > 10_000_000_000L) break;
            }
            if (!cut) {
                socket.setSoTimeout(5000);
                cut = socket.getInputStream().read() < 0;
            }
            assertThat(cut).as("the trickling connection was closed").isTrue();
        }
    }

    @Test
    void aKeptAliveConnectionIsServedAgainAndClosedOnceIdlePastTheDeadline() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", stack.gateway.port())) {
            for (int i = 0; i < 2; i++) {
                write(socket, "GET /health HTTP/1.1\r\nhost: x\r\n\r\n");
                assertThat(readHead(socket, 5000)).startsWith("HTTP/1.1 200");
                Thread.sleep(1000); // within the 2 s deadline each time
            }
            socket.setSoTimeout(10_000);
            assertThat(drain(socket.getInputStream())).isEqualTo(-1);
        }
    }

    @Test
    void aBodyThatStopsHalfwayIsClosedByTheIdleTimeout() throws Exception {
        try (Socket socket = new Socket("127.0.0.1", stack.gateway.port())) {
            write(socket, "POST /api/v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-type: application/json\r\n"
                    + "authorization: Bearer " + key + "\r\ncontent-length: 1000\r\n\r\n{\"model\":");
            socket.setSoTimeout(15_000);
            assertThat(drain(socket.getInputStream())).isEqualTo(-1);
        }
        assertServesNormally();
    }

    private static int drain(InputStream in) throws IOException {
        byte[] buffer = new byte[8192];
        int n;
        while ((n = in.read(buffer)) > 0) {
            // an answer may come first; the connection's end is what is awaited
        }
        return n;
    }

    private static void write(Socket socket, String text) throws IOException {
        socket.getOutputStream().write(text.getBytes(StandardCharsets.UTF_8));
        socket.getOutputStream().flush();
    }

    /** The answer's first bytes: its status line and, when it comes at once, its body. */
    private static String readHead(Socket socket, int timeoutMs) throws IOException {
        socket.setSoTimeout(timeoutMs);
        byte[] buffer = new byte[4096];
        int n = socket.getInputStream().read(buffer);
        if (n <= 0) return "";
        String head = new String(buffer, 0, n, StandardCharsets.UTF_8);
        if (!head.contains("\r\n\r\n") || head.endsWith("\r\n\r\n")) {
            try {
                socket.setSoTimeout(300);
                int more = socket.getInputStream().read(buffer);
                if (more > 0) head += new String(buffer, 0, more, StandardCharsets.UTF_8);
            } catch (SocketTimeoutException none) {
                // the answer was whole
            }
        }
        return head;
    }
}
