package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * The inference body limit holds for every inference route ({@code count_tokens} included) and for
 * what the gateway sends as well as what it reads: a body within the limit that grows past it when
 * written in the upstream's wire is refused with 413 before anything is sent. The limit is set
 * small (4 KiB) so the bodies stay small.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RequestBoundsTest {
    private static final int LIMIT = 4096;
    private static final String CLAUDE = "anthropic/claude-sonnet-4-5";

    @TempDir
    static Path dataDir;

    Stack stack;
    String key;

    @BeforeAll
    void start() throws Exception {
        stack = new Stack(dataDir, Map.of("max-request-bytes", Integer.toString(LIMIT)));
        key = stack.signup("bounds@example.com");
        assertThat(stack.addKey(key, "openai", "sk-mock-bounds-oooo", "openai", "").status()).isEqualTo(201);
        assertThat(stack.addKey(key, "anthropic", "sk-mock-bounds-aaaa", "anthropic", "").status()).isEqualTo(201);
    }

    @AfterAll
    void stop() throws Exception {
        stack.close();
    }

    /** A Chat body of {@code n} alternating one-letter turns: its Anthropic form (text blocks) is nearly twice as large. */
    private static String chat(String model, int n) {
        StringBuilder messages = new StringBuilder();
        for (int i = 0; i < n; i++) {
            messages.append(i == 0 ? "" : ",").append("{\"role\":\"").append(i % 2 == 0 ? "user" : "assistant")
                    .append("\",\"content\":\"x\"}");
        }
        return "{\"model\":\"" + model + "\",\"max_tokens\":5,\"messages\":[" + messages + "]}";
    }

    private long callsWith(String last4) {
        return stack.mock.received().stream().filter(r -> last4.equals(r.keyLast4())).count();
    }

    @Test
    void aTranslatedRequestThatGrowsPastTheLimitIsRefusedWith413BeforeItIsSent() throws Exception {
        String body = chat(CLAUDE, 101);
        assertThat(body.length()).isBetween(LIMIT - 1200, LIMIT - 1);
        long before = callsWith("aaaa");
        Stack.Reply reply = stack.call("POST", "/api/v1/chat/completions", key, body);
        // Failed before the bound on sent bodies: the 5.5 KB Anthropic body went out and was answered 200.
        assertThat(reply.status()).as(reply.body()).isEqualTo(413);
        assertThat(reply.json().at("/error/code").asText()).isEqualTo("request_too_large");
        assertThat(reply.json().at("/error/message").asText()).contains("written for Anthropic").contains(LIMIT + " bytes");
        assertThat(callsWith("aaaa")).as("nothing was sent upstream").isEqualTo(before);

        // The same body passed through to an OpenAI model stays within the limit and is served.
        Stack.Reply passed = stack.call("POST", "/api/v1/chat/completions", key, chat("openai/gpt-4.1-mini", 101));
        assertThat(passed.status()).as(passed.body()).isEqualTo(200);
        // And a translated body that stays within it is served too.
        Stack.Reply small = stack.call("POST", "/api/v1/chat/completions", key, chat(CLAUDE, 11));
        assertThat(small.status()).as(small.body()).isEqualTo(200);
    }

    @Test
    void countTokensIsHeldToTheInferenceLimitWhetherItsLengthIsDeclaredOrNot() throws Exception {
        String big = "{\"model\":\"" + CLAUDE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"" + "y".repeat(LIMIT) + "\"}]}";
        Stack.Reply declared = stack.call("POST", "/api/v1/messages/count_tokens", key, big);
        assertThat(declared.status()).as(declared.body()).isEqualTo(413);
        assertThat(declared.json().at("/type").asText()).as("the Anthropic wire's shape").isEqualTo("error");
        assertThat(declared.json().at("/error/message").asText()).contains(Integer.toString(LIMIT));

        byte[] bytes = big.getBytes(StandardCharsets.UTF_8);
        HttpRequest chunked = HttpRequest.newBuilder(URI.create(stack.gatewayBase() + "/messages/count_tokens"))
                .header("x-api-key", key).header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes))).build();
        HttpResponse<String> cut = stack.http.send(chunked, HttpResponse.BodyHandlers.ofString());
        assertThat(cut.statusCode()).as(cut.body()).isEqualTo(413);

        // Under the limit the request is counted.
        Stack.Reply small = stack.call("POST", "/api/v1/messages/count_tokens", key,
                "{\"model\":\"" + CLAUDE + "\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}]}");
        assertThat(small.status()).as(small.body()).isEqualTo(200);
    }
}
