package dev.anyrouter.mock;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The OpenAI wire byte by byte: SSE framing, error shapes, faults and the admin API. */
class OpenAiRawWireTest {

    private static final String CHAT = "/v1/chat/completions";
    private static final String HELLO = "{\"model\":\"gpt-4.1\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello there\"}]";

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

    private static HttpResponse<String> chat(String key, String extra) {
        return running.send("POST", CHAT, key, HELLO + extra + "}");
    }

    /** The events of an SSE body, each without its blank-line ending; fails on any other framing. */
    private static List<String> events(String body) {
        assertThat(body).endsWith("\n\n");
        List<String> events = Arrays.asList(body.substring(0, body.length() - 2).split("\n\n", -1));
        assertThat(events).allSatisfy(event -> assertThat(event).startsWith("data: ").doesNotContain("\n"));
        return events.stream().map(event -> event.substring("data: ".length())).toList();
    }

    @Test
    void jsonAnswerHasEveryFieldOfOpenAisChatCompletion() {
        HttpResponse<String> response = chat("sk-mock-1", "");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("content-type")).contains("application/json");
        assertThat(response.headers().firstValue("x-request-id")).hasValueSatisfying(id -> assertThat(id).startsWith("req_"));
        assertThat(response.body().length()).isBetween(500, 700);
        JsonNode root = RunningMock.parse(response.body());
        assertThat(root.get("object").asText()).isEqualTo("chat.completion");
        assertThat(root.get("id").asText()).matches("chatcmpl-[A-Za-z0-9]{29}");
        assertThat(root.get("created").isIntegralNumber()).isTrue();
        JsonNode choice = root.get("choices").get(0);
        assertThat(choice.has("logprobs") && choice.get("logprobs").isNull()).isTrue();
        assertThat(choice.get("message").has("refusal") && choice.get("message").get("refusal").isNull()).isTrue();
        assertThat(choice.get("message").get("annotations").isArray()).isTrue();
        assertThat(choice.get("message").get("role").asText()).isEqualTo("assistant");
        JsonNode usage = root.get("usage");
        // "Hello there" is 11 characters: 3 tokens.
        assertThat(usage.get("prompt_tokens").asInt()).isEqualTo(3);
        assertThat(usage.at("/prompt_tokens_details/cached_tokens").asInt()).isZero();
        assertThat(usage.at("/completion_tokens_details/rejected_prediction_tokens").isInt()).isTrue();
        assertThat(root.get("service_tier").asText()).isEqualTo("default");
    }

    @Test
    void streamsOneDataEventPerChunkEndingWithDone() {
        HttpResponse<String> response = chat("sk-mock-1", ",\"stream\":true,\"stream_options\":{\"include_usage\":true}");

        assertThat(response.headers().firstValue("content-type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("text/event-stream"));
        List<String> events = events(response.body());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        List<JsonNode> chunks = events.subList(0, events.size() - 1).stream().map(RunningMock::parse).toList();
        assertThat(chunks).hasSize(ReplyText.DEFAULT_PIECES + 3);
        assertThat(chunks).allSatisfy(chunk -> {
            assertThat(chunk.get("object").asText()).isEqualTo("chat.completion.chunk");
            assertThat(chunk.get("obfuscation").asText()).isNotEmpty();
        });
        JsonNode opening = chunks.getFirst().at("/choices/0/delta");
        assertThat(opening.get("role").asText()).isEqualTo("assistant");
        assertThat(opening.get("content").asText()).isEmpty();
        assertThat(opening.get("refusal").isNull()).isTrue();
        JsonNode finish = chunks.get(chunks.size() - 2);
        assertThat(finish.at("/choices/0/delta").isEmpty()).isTrue();
        assertThat(finish.at("/choices/0/finish_reason").asText()).isEqualTo("stop");
        assertThat(chunks.subList(0, chunks.size() - 1))
                .allSatisfy(chunk -> assertThat(chunk.has("usage") && chunk.get("usage").isNull()).isTrue());
        JsonNode last = chunks.getLast();
        assertThat(last.get("choices").isEmpty()).isTrue();
        assertThat(last.at("/usage/completion_tokens").asInt()).isEqualTo(ReplyText.DEFAULT_PIECES);
        assertThat(last.at("/usage/total_tokens").asInt()).isEqualTo(ReplyText.DEFAULT_PIECES + 3);
    }

    @Test
    void streamLeavesOutUsageFieldUnlessAskedAndObfuscationWhenRefused() {
        HttpResponse<String> response =
                chat("sk-mock-1", ",\"stream\":true,\"stream_options\":{\"include_obfuscation\":false}");

        List<String> events = events(response.body());
        assertThat(events.getLast()).isEqualTo("[DONE]");
        assertThat(events.subList(0, events.size() - 1)).hasSize(ReplyText.DEFAULT_PIECES + 2).allSatisfy(event -> {
            JsonNode chunk = RunningMock.parse(event);
            assertThat(chunk.has("usage")).isFalse();
            assertThat(chunk.has("obfuscation")).isFalse();
        });
    }

    @Test
    void scriptedChunkCountAndIntervalPaceTheStream() throws Exception {
        running.script("{\"key\":\"sk-mock-slow\",\"chunks\":5,\"chunk_interval_ms\":80}");
        long start = System.nanoTime();
        List<Long> arrivalsMs = new ArrayList<>();
        List<String> lines = new ArrayList<>();
        HttpResponse<java.util.stream.Stream<String>> response = running.http.send(
                running.request("POST", CHAT, "sk-mock-slow", HELLO + ",\"stream\":true}").build(),
                HttpResponse.BodyHandlers.ofLines());
        response.body().filter(line -> !line.isEmpty()).forEach(line -> {
            lines.add(line);
            arrivalsMs.add((System.nanoTime() - start) / 1_000_000);
        });

        // Opening chunk, 5 pieces, finish chunk, [DONE]: 8 events, 7 intervals apart.
        assertThat(lines).hasSize(8);
        assertThat(lines.getLast()).isEqualTo("data: [DONE]");
        // Counted from the request, not from the first arrival: a first event read late on a busy
        // machine would shorten the span without the mock having paced any less.
        assertThat(arrivalsMs.getLast()).isGreaterThanOrEqualTo(7 * 80 - 20);
        // Events arrived spread out, not in one buffered body: most gaps are near the interval
        // (all but one are asked for, so one late read on a busy machine cannot fail the test).
        long spacedGaps = java.util.stream.IntStream.range(1, arrivalsMs.size())
                .filter(i -> arrivalsMs.get(i) - arrivalsMs.get(i - 1) >= 40)
                .count();
        assertThat(spacedGaps).isGreaterThanOrEqualTo(6);
    }

    @Test
    void dropMidStreamCutsTheConnectionBeforeDone() throws Exception {
        running.script("{\"key\":\"sk-mock-drop\",\"fault\":\"drop_mid_stream\"}");
        String body = HELLO + ",\"stream\":true}";

        // A raw socket sees exactly what went over the wire, up to the server closing it.
        String wire;
        try (Socket socket = new Socket("127.0.0.1", running.mock.port())) {
            socket.setSoTimeout(10_000);
            socket.getOutputStream().write(("POST " + CHAT + " HTTP/1.1\r\nhost: 127.0.0.1\r\n"
                    + "authorization: Bearer sk-mock-drop\r\ncontent-type: application/json\r\n"
                    + "content-length: " + body.getBytes(StandardCharsets.UTF_8).length + "\r\n\r\n" + body)
                    .getBytes(StandardCharsets.UTF_8));
            wire = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        }

        assertThat(wire).startsWith("HTTP/1.1 200").contains("transfer-encoding: chunked").contains("data: {");
        assertThat(wire).doesNotContain("[DONE]");
        // The chunked body never got its terminating zero-length chunk.
        assertThat(wire).doesNotEndWith("0\r\n\r\n");
    }

    @Test
    void noDoneFinishesTheChunksButLeavesOutDone() {
        running.script("{\"key\":\"sk-mock-nodone\",\"fault\":\"no_done\"}");

        List<String> events = events(chat("sk-mock-nodone", ",\"stream\":true").body());

        assertThat(events).hasSize(ReplyText.DEFAULT_PIECES + 2).doesNotContain("[DONE]");
        assertThat(RunningMock.parse(events.getLast()).at("/choices/0/finish_reason").asText()).isEqualTo("stop");
    }

    @Test
    void delayHoldsTheResponseHeadersBack() {
        running.script("{\"key\":\"sk-mock-late\",\"delay_ms\":300,\"times\":1}");

        long start = System.nanoTime();
        assertThat(chat("sk-mock-late", "").statusCode()).isEqualTo(200);
        assertThat((System.nanoTime() - start) / 1_000_000).isGreaterThanOrEqualTo(290);
    }

    @Test
    void refusesBadRequestsInOpenAisErrorShape() {
        HttpResponse<String> malformed = running.send("POST", CHAT, "sk-mock-1", "{\"model\":");
        HttpResponse<String> noModel = running.send("POST", CHAT, "sk-mock-1", "{\"messages\":[{\"role\":\"user\",\"content\":\"x\"}]}");
        HttpResponse<String> noMessages = running.send("POST", CHAT, "sk-mock-1", "{\"model\":\"gpt-4.1\"}");
        HttpResponse<String> unknownPath = running.send("POST", "/v1/nothing", "sk-mock-1", "{}");

        assertThat(List.of(malformed, noModel, noMessages)).allSatisfy(r -> assertThat(r.statusCode()).isEqualTo(400));
        assertThat(unknownPath.statusCode()).isEqualTo(404);
        for (HttpResponse<String> response : List.of(malformed, noModel, noMessages, unknownPath)) {
            JsonNode error = RunningMock.parse(response.body()).get("error");
            assertThat(error.get("type").asText()).isEqualTo("invalid_request_error");
            assertThat(error.has("param") && error.has("code") && error.has("message")).isTrue();
        }
        JsonNode missing = RunningMock.parse(noMessages.body()).get("error");
        assertThat(missing.get("param").asText()).isEqualTo("messages");
        assertThat(missing.get("code").asText()).isEqualTo("missing_required_parameter");
        assertThat(RunningMock.parse(unknownPath.body()).at("/error/message").asText())
                .isEqualTo("Invalid URL (POST /v1/nothing)");
    }

    @Test
    void missingAuthorizationIs401() {
        HttpResponse<String> response = running.send("GET", "/v1/models", null, null);

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(RunningMock.parse(response.body()).at("/error/type").asText()).isEqualTo("invalid_request_error");
    }

    @Test
    void insufficientQuotaIsA429LikeOpenAis() {
        running.script("{\"key\":\"sk-mock-broke\",\"status\":402}");

        HttpResponse<String> response = chat("sk-mock-broke", "");

        assertThat(response.statusCode()).isEqualTo(429);
        JsonNode error = RunningMock.parse(response.body()).get("error");
        assertThat(error.get("code").asText()).isEqualTo("insufficient_quota");
        assertThat(error.get("type").asText()).isEqualTo("insufficient_quota");
    }

    @Test
    void rateLimitWithoutRetryAfterGivenSaysOneSecond() {
        running.script("{\"key\":\"sk-mock-busy\",\"status\":429}");

        HttpResponse<String> response = chat("sk-mock-busy", "");

        assertThat(response.statusCode()).isEqualTo(429);
        assertThat(response.headers().firstValue("retry-after")).contains("1");
        assertThat(RunningMock.parse(response.body()).at("/error/code").asText()).isEqualTo("rate_limit_exceeded");
    }

    @Test
    void starScriptAppliesToEveryKeyButAKeysOwnScriptWins() {
        running.script("{\"key\":\"*\",\"status\":503}");
        running.script("{\"key\":\"sk-mock-own\",\"status\":500}");

        assertThat(chat("sk-mock-any", "").statusCode()).isEqualTo(503);
        assertThat(running.send("GET", "/v1/models", "sk-mock-other", null).statusCode()).isEqualTo(503);
        assertThat(chat("sk-mock-own", "").statusCode()).isEqualTo(500);
    }

    @Test
    void status200ClearsAKeysScript() {
        running.script("{\"key\":\"sk-mock-flaky\",\"status\":500}");
        assertThat(chat("sk-mock-flaky", "").statusCode()).isEqualTo(500);

        running.script("{\"key\":\"sk-mock-flaky\",\"status\":200}");

        assertThat(chat("sk-mock-flaky", "").statusCode()).isEqualTo(200);
    }

    @Test
    void adminRefusesMalformedScripts() {
        assertThat(running.send("POST", "/_mock/script", null, "{\"status\":500}").statusCode()).isEqualTo(400);
        assertThat(running.send("POST", "/_mock/script", null, "{\"key\":\"k\",\"status\":\"x\"}").statusCode()).isEqualTo(400);
        assertThat(running.send("POST", "/_mock/script", null, "{\"key\":\"k\",\"fault\":\"explode\"}").statusCode()).isEqualTo(400);
        assertThat(running.send("POST", "/_mock/script", null, "{\"key\":\"k\",\"times\":0}").statusCode()).isEqualTo(400);
        assertThat(running.send("POST", "/_mock/script", null, "not json").statusCode()).isEqualTo(400);
    }

    @Test
    void adminListsAndCountsRequestsWithoutKeysAndForgetsThemOnDelete() {
        chat("sk-mock-secret-1234", "");
        chat("sk-mock-secret-5678", ",\"stream\":true");
        running.send("GET", "/v1/models", "sk-invalid-key-9999", null);

        JsonNode list = RunningMock.parse(running.send("GET", "/_mock/requests", null, null).body());
        assertThat(list).hasSize(3);
        assertThat(list.get(0).get("key_last4").asText()).isEqualTo("1234");
        assertThat(list.get(1).get("stream").asBoolean()).isTrue();
        assertThat(list.get(2).get("path").asText()).isEqualTo("/v1/models");
        assertThat(list.toString()).doesNotContain("sk-mock-secret").doesNotContain("sk-invalid");
        assertThat(RunningMock.parse(running.send("GET", "/_mock/requests/count", null, null).body()).get("count").asLong())
                .isEqualTo(3);

        assertThat(running.send("DELETE", "/_mock/requests", null, null).statusCode()).isEqualTo(204);

        assertThat(RunningMock.parse(running.send("GET", "/_mock/requests/count", null, null).body()).get("count").asLong())
                .isZero();
        assertThat(running.mock.received()).isEmpty();
    }

    @Test
    void twoMocksInOneVertxListenOnTheirOwnPorts() {
        MockUpstream second = RunningMock.await(MockUpstream.start(running.vertx, "127.0.0.1", 0));
        try {
            assertThat(second.port()).isNotEqualTo(running.mock.port());
            chat("sk-mock-first", "");

            assertThat(second.received()).isEmpty();
            assertThat(running.mock.received()).hasSize(1);
        } finally {
            RunningMock.await(second.close());
        }
    }
}
