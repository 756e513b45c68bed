package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The fault suite: the mock upstream scripted to misbehave in every way an upstream can (stall
 * before or after its headers or mid-stream, drip, reset, malformed JSON, an endless SSE line, a
 * gigabyte body, an HTML page, an error event, a stream without its terminator), each against a
 * pool of a faulty key and a steady one. Each fault ends in a failover to the steady key or in a
 * clear error in the client's wire, with one usage record, each key called as often as the outcome
 * says (a hung key is not tried again), the mock's answer let go at once (no connection held open
 * until an idle timer ends it), and a probe request of another account served while the fault is
 * under way, within a generous bound of a quiet probe's time: served and bounded, not fast.
 *
 * <p>The deadlines and bounds are set small so each fault plays out in about a second; the upstream
 * idle timeout is longer, so a connection that only it would close shows as one held open.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class UpstreamFaultsTest {
    private static final String MODEL = "openai/gpt-4.1-mini";
    private static final String CLAUDE = "anthropic/claude-sonnet-4-5";
    private static final long ANSWER_BYTES = 1 << 20;
    /** How soon after the client's answer the mock must have been let go: well within the upstream idle timeout. */
    private static final long LET_GO_MILLIS = 2_000;

    @TempDir
    static Path dataDir;

    Stack stack;
    String probeKey;
    /** A probe's time with nothing else under way (the slowest of a few, after warming up). */
    long quietProbeMillis;
    final AtomicInteger accounts = new AtomicInteger();

    @BeforeAll
    void start() throws Exception {
        stack = new Stack(dataDir, Map.of("upstream-first-byte-timeout-ms", "1500", "upstream-idle-timeout-ms", "6000",
                "max-upstream-answer-bytes", Long.toString(ANSWER_BYTES), "max-upstream-event-bytes", "65536",
                "max-upstream-held-bytes", "131072"));
        probeKey = stack.signup("probe@example.com");
        assertThat(stack.addKey(probeKey, "sk-mock-probe-pppp", "probe").status()).isEqualTo(201);
        for (int i = 0; i < 3; i++) probe();
        for (int i = 0; i < 5; i++) quietProbeMillis = Math.max(quietProbeMillis, probe());
    }

    /** One probe on another account, which must be served; its time in milliseconds. */
    private long probe() throws Exception {
        long start = System.nanoTime();
        Stack.Reply probe = stack.call("POST", "/api/v1/chat/completions", probeKey, chatBody(false));
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertThat(probe.status()).as("the probe is served: " + probe.body()).isEqualTo(200);
        assertThat(probe.json().path("choices").path(0).path("message").path("content").asText()).isNotBlank();
        return millis;
    }

    /**
     * The most a probe during a fault may take: generous (a shared, loaded machine), yet below the
     * 1.5 s first-byte deadline, so a probe that waited behind a fault's deadline fails it.
     */
    private long probeBound() {
        return Math.min(1_400, Math.max(800, 20 * quietProbeMillis));
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    /** An account with a faulty key tried first and a steady one after it, of {@code provider}. */
    private record Pool(String apiKey, String faultyKey, String steadyKey) {}

    private Pool pool(String provider) throws Exception {
        int n = accounts.incrementAndGet();
        String apiKey = stack.signup("faults" + n + "@example.com");
        String faulty = "sk-mock-faulty" + n + "-ffff";
        assertThat(stack.addKey(apiKey, provider, faulty, "faulty", ",\"priority\":1").status()).isEqualTo(201);
        String steady = "sk-mock-steady" + n + "-ssss";
        assertThat(stack.addKey(apiKey, provider, steady, "steady", ",\"priority\":2").status()).isEqualTo(201);
        return new Pool(apiKey, faulty, steady);
    }

    private void script(Pool pool, String fault, String more) throws Exception {
        Stack.Reply r = stack.call("POST", "http://127.0.0.1:" + stack.mock.port() + "/_mock/script", null,
                "{\"key\":\"" + pool.faultyKey() + "\"" + (fault == null ? "" : ",\"fault\":\"" + fault + "\"") + more
                        + ",\"times\":1}");
        assertThat(r.status()).as(r.body()).isEqualTo(200);
    }

    private static String chatBody(boolean stream) {
        return "{\"model\":\"" + MODEL + "\",\"stream\":" + stream + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}";
    }

    /**
     * What one faulty request came to, how the probe sent while it was under way fared, and how
     * many calls each of the pool's keys got for it.
     */
    private record Faulted(int status, String body, String requestId, JsonNode log, boolean probeFirst, long probeMillis,
                           long faultyCalls, long steadyCalls) {}

    /**
     * Sends the request, and once the mock has received it a probe on another account; waits for
     * both, the request's one usage record, and the mock's answer to be let go.
     */
    private Faulted send(Pool pool, String path, String body) throws Exception {
        long callsBefore = callsWith(pool.faultyKey());
        long steadyBefore = callsWith(pool.steadyKey());
        HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + stack.gateway.port() + path))
                .timeout(Duration.ofSeconds(40)).header("content-type", "application/json")
                .header("authorization", "Bearer " + pool.apiKey()).POST(HttpRequest.BodyPublishers.ofString(body)).build();
        CompletableFuture<HttpResponse<String>> faulted = stack.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
        for (int i = 0; i < 200 && callsWith(pool.faultyKey()) == callsBefore; i++) Thread.sleep(10);
        assertThat(callsWith(pool.faultyKey())).as("the faulty key was called").isGreaterThan(callsBefore);

        long probeMillis = probe();
        boolean probeFirst = !faulted.isDone();
        assertThat(probeMillis).as("the probe during the fault took %d ms, a quiet one %d ms", probeMillis, quietProbeMillis)
                .isLessThanOrEqualTo(probeBound());

        HttpResponse<String> reply = faulted.get(40, TimeUnit.SECONDS);
        synchronized (stack.bodiesSeen) {
            stack.bodiesSeen.add(reply.body());
        }
        String requestId = reply.headers().firstValue("x-anyrouter-request-id").orElseThrow();
        JsonNode log = stack.awaitLog(pool.apiKey(), requestId);
        assertThat(stack.call("GET", "/api/v1/logs?limit=100", pool.apiKey(), null).json().get("data"))
                .as("one usage record for the request, whatever its attempts").hasSize(1);
        assertLetGo();
        assertThat(reply.body()).as("the key never reaches the client").doesNotContain(pool.faultyKey());
        return new Faulted(reply.statusCode(), reply.body(), requestId, log, probeFirst, probeMillis,
                callsWith(pool.faultyKey()) - callsBefore, callsWith(pool.steadyKey()) - steadyBefore);
    }

    /**
     * The mock's answers are all let go soon after the client's answer. Fails when a call that never
     * answered is left to the upstream idle timeout (6 s here, 300 s by default).
     */
    private void assertLetGo() throws InterruptedException {
        long replied = System.nanoTime();
        while (stack.mock.openAnswers() > 0 && System.nanoTime() - replied < LET_GO_MILLIS * 1_000_000) Thread.sleep(10);
        assertThat(stack.mock.openAnswers()).as("the faulty answer was let go, not held open").isZero();
    }

    private long callsWith(String key) {
        String last4 = key.substring(key.length() - 4);
        return stack.mock.received().stream().filter(r -> last4.equals(r.keyLast4())).count();
    }

    /** A fault that leaves nothing for the client on the faulty key: the steady one serves, after one attempt on the faulty. */
    private void failsOverToTheSteadyKey(String fault, String more, boolean stream, String outcome) throws Exception {
        Pool pool = pool("openai");
        script(pool, fault, more);
        Faulted f = send(pool, "/api/v1/chat/completions", chatBody(stream));
        assertThat(f.status()).as(fault + " " + f.body()).isEqualTo(200);
        assertThat(KeyLogs.outcomes(f.log())).as(fault + (stream ? " (stream)" : ""))
                .containsExactly("faulty: " + outcome + " next key", "steady: ok");
        assertThat(f.faultyCalls()).as("the faulty key is called once, never retried: " + fault).isEqualTo(1);
        assertThat(f.steadyCalls()).as("the steady key serves: " + fault).isEqualTo(1);
        if (outcome.equals("timeout")) {
            assertThat(f.probeFirst()).as("the probe was served while %s held the request to its deadline", fault).isTrue();
        }
        if (stream) {
            assertThat(f.body()).contains("data: [DONE]").doesNotContain("\"error\"");
        } else {
            assertThat(json(f.body()).path("choices").path(0).path("message").path("content").asText()).isNotBlank();
        }
    }

    @Test
    void anUpstreamThatNeverAnswersFailsOverAtTheFirstByteDeadlineWithoutRetryingTheHungKey() throws Exception {
        for (boolean stream : new boolean[] {false, true}) failsOverToTheSteadyKey("hang", "", stream, "timeout");
    }

    @Test
    void anAnswerThatStallsAfterItsHeadersFailsOverAtTheFirstByteDeadline() throws Exception {
        // Fails without the deadline running through the body: the attempt waited for the upstream idle timeout.
        for (boolean stream : new boolean[] {false, true}) failsOverToTheSteadyKey("stall_after_headers", "", stream, "timeout");
    }

    @Test
    void anAnswerThatDripsOneByteEveryHundredMillisecondsFailsOverAtTheFirstByteDeadline() throws Exception {
        // A drip keeps every idle timer quiet: only a deadline on the whole answer (or its first content) ends it.
        for (boolean stream : new boolean[] {false, true}) failsOverToTheSteadyKey("drip", "", stream, "timeout");
    }

    @Test
    void anAnswerThatIsNotJsonFailsOverInsteadOfReachingTheClient() throws Exception {
        failsOverToTheSteadyKey("malformed_json", "", false, "a 2xx answer that is not JSON");
        failsOverToTheSteadyKey("malformed_json", "", true, "error event before content");
        failsOverToTheSteadyKey("html_page", "", false, "a 2xx answer that is not JSON");
        failsOverToTheSteadyKey("html_page", "", true, "stream ended before content");
    }

    @Test
    void aGigabyteAnswerOrAnEndlessLineIsCutOffAtItsBoundAndFailsOver() throws Exception {
        failsOverToTheSteadyKey("huge_body", "", false, "an answer over " + ANSWER_BYTES + " bytes");
        failsOverToTheSteadyKey("huge_body", "", true, "stream event over its size limit");
        failsOverToTheSteadyKey("endless_sse_line", "", true, "stream event over its size limit");
    }

    @Test
    void aStreamOfKeepAlivesThatNeverBecomesContentIsGivenUpAtTheHeldBound() throws Exception {
        failsOverToTheSteadyKey("ping_flood", "", true, "over 131072 bytes of stream before content");
    }

    @Test
    void aStreamThatStallsAfterContentEndsWithAnErrorEventAtTheUpstreamIdleTimeout() throws Exception {
        Pool pool = pool("openai");
        script(pool, "stall_mid_stream", "");
        Faulted f = send(pool, "/api/v1/chat/completions", chatBody(true));
        assertThat(f.status()).isEqualTo(200);
        assertThat(f.probeFirst()).as("the probe was served while the stream stalled").isTrue();
        assertThat(f.body()).contains("upstream_stream_failed").doesNotContain("[DONE]");
        assertThat(f.log().get("status").asInt()).isEqualTo(502);
        assertThat(KeyLogs.outcomes(f.log())).singleElement().asString().startsWith("faulty: ok, then the stream broke");
        assertThat(f.steadyCalls()).as("content had reached the client: no second key").isZero();
    }

    @Test
    void aStreamResetMidwayEndsWithAnErrorEventAndNoSecondKey() throws Exception {
        Pool pool = pool("openai");
        script(pool, "drop_mid_stream", "");
        Faulted f = send(pool, "/api/v1/chat/completions", chatBody(true));
        assertThat(f.body()).contains("upstream_stream_failed").doesNotContain("[DONE]");
        assertThat(f.log().get("status").asInt()).isEqualTo(502);
        assertThat(KeyLogs.outcomes(f.log())).hasSize(1);
        assertThat(f.faultyCalls()).isEqualTo(1);
        assertThat(f.steadyCalls()).isZero();
    }

    @Test
    void anUpstreamErrorEventMidStreamReachesAnOpenAiClientInItsWireWithTheKeyCleanedOut() throws Exception {
        Pool pool = pool("openai");
        script(pool, "error_mid_stream", "");
        Faulted f = send(pool, "/api/v1/chat/completions", chatBody(true));
        // Fails when the upstream's event is passed on as it came: its message quotes the key.
        String last = lastData(f.body());
        JsonNode error = json(last).path("error");
        assertThat(error.path("code").asText()).isEqualTo("upstream_stream_error");
        assertThat(error.path("type").asText()).isEqualTo("server_error");
        assertThat(error.path("message").asText()).contains("upstream overloaded while serving key").contains("[redacted]");
        assertThat(f.body()).doesNotContain("[DONE]");
        assertThat(f.log().get("status").asInt()).isEqualTo(502);
        assertThat(f.log().get("error_code").asText()).isEqualTo("upstream_stream_error");
    }

    @Test
    void anUpstreamErrorEventMidStreamReachesAnAnthropicClientInItsWireWithTheKeyCleanedOut() throws Exception {
        Pool pool = pool("anthropic");
        script(pool, "error_mid_stream", "");
        Faulted f = send(pool, "/api/v1/messages", messagesBody());
        assertThat(f.body()).contains("event: error").contains("\"overloaded_error\"").contains("[redacted]")
                .doesNotContain("message_stop");
        assertThat(f.log().get("error_code").asText()).isEqualTo("upstream_stream_error");
    }

    @Test
    void anUpstreamErrorEventMidStreamIsCleanedAcrossWiresToo() throws Exception {
        // An Anthropic upstream's error told to an OpenAI client.
        Pool pool = pool("anthropic");
        script(pool, "error_mid_stream", "");
        Faulted f = send(pool, "/api/v1/chat/completions",
                "{\"model\":\"" + CLAUDE + "\",\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}");
        assertThat(lastData(f.body())).contains("\"error\"").contains("[redacted]");
        assertThat(f.log().get("error_code").asText()).isEqualTo("upstream_stream_error");
    }

    @Test
    void aChatStreamWithoutDoneEndsWithAnErrorEventEvenAfterAFinishReasonAndUsage() throws Exception {
        Pool pool = pool("openai");
        script(pool, "no_done", "");
        Faulted f = send(pool, "/api/v1/chat/completions", "{\"model\":\"" + MODEL + "\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}");
        // Fails when a finish reason counts as the end: the client saw a silent end.
        assertThat(f.body()).contains("\"finish_reason\":\"stop\"").contains("\"usage\"");
        assertThat(lastData(f.body())).contains("upstream_stream_incomplete");
        assertThat(f.log().get("status").asInt()).isEqualTo(502);
    }

    @Test
    void anAnthropicStreamWithoutMessageStopEndsWithAnErrorEvent() throws Exception {
        Pool pool = pool("anthropic");
        script(pool, "no_done", "");
        Faulted f = send(pool, "/api/v1/messages", messagesBody());
        assertThat(f.body()).contains("message_delta").contains("event: error").doesNotContain("message_stop");
        assertThat(f.log().get("error_code").asText()).isEqualTo("upstream_stream_incomplete");
    }

    @Test
    void aResponsesStreamWithoutResponseCompletedEndsWithAnErrorEvent() throws Exception {
        Pool pool = pool("openai");
        script(pool, "no_done", "");
        Faulted f = send(pool, "/api/v1/responses", "{\"model\":\"" + MODEL + "\",\"stream\":true,\"input\":\"Say hi\"}");
        assertThat(f.body()).contains("response.output_text.delta").contains("event: error")
                .doesNotContain("response.completed");
        assertThat(f.log().get("error_code").asText()).isEqualTo("upstream_stream_incomplete");
    }

    @Test
    void aCountTokensAnswerThatHangsDripsOrStallsIsGivenUpAtTheFirstByteDeadline() throws Exception {
        // Fails without a deadline on count_tokens: a hang waited for the upstream idle timeout (6 s),
        // and a drip, which keeps every idle timer quiet, held the request until the client gave up.
        String body = "{\"model\":\"" + CLAUDE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}";
        for (String fault : List.of("hang", "drip", "stall_after_headers")) {
            Pool pool = pool("anthropic");
            script(pool, fault, "");
            long callsBefore = callsWith(pool.faultyKey());
            HttpRequest request = HttpRequest.newBuilder(URI.create(stack.gatewayBase() + "/messages/count_tokens"))
                    .timeout(Duration.ofSeconds(40)).header("content-type", "application/json").header("x-api-key", pool.apiKey())
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
            long start = System.nanoTime();
            CompletableFuture<HttpResponse<String>> counted = stack.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
            for (int i = 0; i < 200 && callsWith(pool.faultyKey()) == callsBefore; i++) Thread.sleep(10);
            long probeMillis = probe();
            assertThat(probeMillis).as("%s: the probe took %d ms, a quiet one %d ms", fault, probeMillis, quietProbeMillis)
                    .isLessThanOrEqualTo(probeBound());
            assertThat(counted.isDone()).as(fault + ": the probe was served while count_tokens waited").isFalse();

            HttpResponse<String> reply = counted.get(40, TimeUnit.SECONDS);
            long millis = (System.nanoTime() - start) / 1_000_000;
            assertThat(reply.statusCode()).as(fault + " " + reply.body()).isEqualTo(504);
            JsonNode error = json(reply.body());
            assertThat(error.path("type").asText()).as("the Anthropic wire's shape").isEqualTo("error");
            assertThat(error.at("/error/type").asText()).isEqualTo("timeout_error");
            assertThat(millis).as(fault + ": given up at the 1.5 s deadline, not the 6 s idle timeout").isBetween(1_400L, 4_500L);
            assertThat(callsWith(pool.faultyKey()) - callsBefore).isEqualTo(1);
            assertLetGo();
        }
    }

    @Test
    void aCountTokensAnswerIsRelayedAsTheUpstreamGaveIt() throws Exception {
        Pool pool = pool("anthropic");
        Stack.Reply reply = stack.call("POST", "/api/v1/messages/count_tokens", pool.apiKey(),
                "{\"model\":\"" + CLAUDE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}");
        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        assertThat(reply.json().path("input_tokens").asInt()).isPositive();
    }

    private static String messagesBody() {
        return "{\"model\":\"" + CLAUDE + "\",\"max_tokens\":50,\"stream\":true,\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}";
    }

    private static JsonNode json(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The data of a stream's last event. */
    private static String lastData(String sse) {
        List<String> data = sse.lines().filter(l -> l.startsWith("data: ")).map(l -> l.substring(6)).toList();
        assertThat(data).isNotEmpty();
        return data.getLast();
    }
}
