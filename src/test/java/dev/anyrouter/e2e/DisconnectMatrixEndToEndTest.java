package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.billing.PriceBook;
import dev.anyrouter.mock.Abandoned;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A client that walks away from a credits stream still pays for what it was sent, once, and the
 * upstream stream is cancelled at once: on each client wire passed through, and translated, the
 * client closes its connection after the first delta, after the event that ends the generation,
 * or just before the event that carries the usage. Each request is settled once with output
 * tokens, and the mock sees its connection closed within 100 ms of the client's close.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DisconnectMatrixEndToEndTest {
    static final String ADMIN_TOKEN = "operator-token-for-tests-0123456789";
    static final String OPENAI = "openai/gpt-4.1-mini";
    static final String ANTHROPIC = "anthropic/claude-sonnet-4-5";
    static final PriceBook PRICES = PriceBook.of(Map.of(OPENAI, ModelPrice.usd("0.40", "1.60"), ANTHROPIC, ModelPrice.usd("3", "15")));
    static final long CANCEL_WITHIN_NANOS = 100_000_000L;

    @TempDir
    static Path dataDir;

    Stack stack;
    String apiKey;

    /** The client wire a case speaks, where it posts, and the body it streams with. */
    enum Client {
        OPENAI_CHAT("/api/v1/chat/completions", OPENAI),
        ANTHROPIC_MESSAGES("/api/v1/messages", ANTHROPIC),
        RESPONSES("/api/v1/responses", OPENAI),
        TRANSLATED_CHAT_TO_ANTHROPIC("/api/v1/chat/completions", ANTHROPIC);

        final String path;
        final String model;

        Client(String path, String model) {
            this.path = path;
            this.model = model;
        }

        String body(boolean askUsage) {
            return switch (this) {
                case OPENAI_CHAT, TRANSLATED_CHAT_TO_ANTHROPIC -> "{\"model\":\"" + model + "\",\"stream\":true,"
                        + (askUsage ? "\"stream_options\":{\"include_usage\":true}," : "")
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Write a long answer about rivers\"}]}";
                case ANTHROPIC_MESSAGES -> "{\"model\":\"" + model + "\",\"stream\":true,\"max_tokens\":512,"
                        + "\"messages\":[{\"role\":\"user\",\"content\":\"Write a long answer about rivers\"}]}";
                case RESPONSES -> "{\"model\":\"" + model + "\",\"stream\":true,\"store\":false,\"input\":\"Write a long answer about rivers\"}";
            };
        }
    }

    /** Where the client leaves: the line it reads last. */
    enum Cut {
        AFTER_FIRST_DELTA, AFTER_FINISH, BEFORE_USAGE;

        Predicate<String> lastLine(Client client) {
            return switch (client) {
                case OPENAI_CHAT, TRANSLATED_CHAT_TO_ANTHROPIC -> switch (this) {
                    case AFTER_FIRST_DELTA -> l -> l.startsWith("data: {") && l.contains("\"content\":\"") && !l.contains("\"content\":\"\"");
                    // Closing on the finish chunk: without asking for usage, and having asked for it (the usage chunk is next).
                    case AFTER_FINISH, BEFORE_USAGE -> l -> l.startsWith("data: {") && l.contains("\"finish_reason\":\"");
                };
                case ANTHROPIC_MESSAGES -> switch (this) {
                    case AFTER_FIRST_DELTA -> l -> l.startsWith("data: {") && l.contains("\"content_block_delta\"");
                    case AFTER_FINISH -> l -> l.startsWith("data: {") && l.contains("\"message_delta\"") && l.contains("\"stop_reason\"");
                    case BEFORE_USAGE -> l -> l.startsWith("data: {") && l.contains("\"content_block_stop\"");
                };
                case RESPONSES -> switch (this) {
                    case AFTER_FIRST_DELTA -> l -> l.startsWith("data: {") && l.contains("\"response.output_text.delta\"");
                    case AFTER_FINISH -> l -> l.startsWith("data: {") && l.contains("\"response.output_text.done\"");
                    case BEFORE_USAGE -> l -> l.startsWith("data: {") && l.contains("\"response.output_item.done\"");
                };
            };
        }
    }

    static List<Arguments> matrix() {
        return java.util.Arrays.stream(Client.values())
                .flatMap(client -> java.util.Arrays.stream(Cut.values()).map(cut -> Arguments.of(client, cut))).toList();
    }

    @BeforeAll
    void start() throws Exception {
        stack = new Stack(dataDir, Map.of("admin-token", ADMIN_TOKEN), PRICES, Clock.systemUTC());
        apiKey = stack.signup("walks-away@example.com");
        for (String provider : List.of("openai", "anthropic")) {
            String base = provider.equals("openai") ? stack.mockBase() : "http://127.0.0.1:" + stack.mock.port();
            Stack.Reply op = stack.call("POST", "/api/v1/admin/provider-keys", ADMIN_TOKEN, "{\"provider\":\"" + provider
                    + "\",\"key\":\"sk-mock-operator-" + provider + "-7777\",\"alias\":\"house\",\"base_url\":\"" + base + "\"}");
            assertThat(op.status()).as(op.body()).isEqualTo(201);
            Stack.Reply pool = stack.call("PUT", "/api/v1/byok/pools/" + provider, apiKey,
                    "{\"strategy\":\"fallback\",\"fallback_to_credits\":true}");
            assertThat(pool.status()).as(pool.body()).isEqualTo(200);
        }
        // Events 100 ms apart: wherever the client leaves, the mock still has something to send.
        Stack.Reply script = stack.call("POST", "http://127.0.0.1:" + stack.mock.port() + "/_mock/script", null,
                "{\"key\":\"*\",\"chunks\":8,\"chunk_interval_ms\":100}");
        assertThat(script.status()).as(script.body()).isEqualTo(200);
    }

    @AfterAll
    void stop() throws Exception {
        if (stack != null) stack.close();
    }

    @ParameterizedTest(name = "{0}, client leaves {1}")
    @MethodSource("matrix")
    void aClientThatLeavesIsChargedOnceForWhatItWasSentAndTheUpstreamIsCancelledAtOnce(Client client, Cut cut) throws Exception {
        int abandonedBefore = stack.mock.abandoned().size();
        String requestId;
        long closedAt;
        try (Socket socket = new Socket("127.0.0.1", stack.gateway.port())) {
            byte[] body = client.body(cut == Cut.BEFORE_USAGE).getBytes(StandardCharsets.UTF_8);
            OutputStream out = socket.getOutputStream();
            out.write(("POST " + client.path + " HTTP/1.1\r\nhost: 127.0.0.1\r\nauthorization: Bearer " + apiKey
                    + "\r\ncontent-type: application/json\r\ncontent-length: " + body.length + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
            out.write(body);
            out.flush();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
            String status = in.readLine();
            assertThat(status).startsWith("HTTP/1.1 200");
            String id = null;
            for (String line = in.readLine(); !line.isEmpty(); line = in.readLine()) {
                if (line.toLowerCase(java.util.Locale.ROOT).startsWith("x-anyrouter-request-id:")) id = line.substring(line.indexOf(':') + 1).strip();
            }
            requestId = id;
            Predicate<String> last = cut.lastLine(client);
            String line;
            while ((line = in.readLine()) != null && !last.test(line)) {
                // reading on to the line the client leaves after
            }
            assertThat(line).as("the stream reached the point the client leaves at").isNotNull();
            closedAt = System.nanoTime();
        }
        assertThat(requestId).isNotNull();

        Abandoned cancelled = awaitAbandoned(abandonedBefore);
        assertThat(cancelled.closedAtNanos() - closedAt).as("the upstream connection closed within 100 ms of the client's")
                .isLessThan(CANCEL_WITHIN_NANOS);

        JsonNode log = stack.awaitLog(apiKey, requestId);
        // The client left: that is no fault of the key's, and the log says the client closed.
        assertThat(log.get("status").asInt()).as(log.toString()).isEqualTo(499);
        assertThat(log.get("error_code").asText()).isEqualTo("client_closed");
        assertThat(log.get("attempts").get(0).get("outcome").asText()).as(log.toString()).isEqualTo("ok");
        assertThat(log.get("billing").asText()).isEqualTo("credits");
        assertThat(log.get("output_tokens").asLong()).as("output counted").isPositive();
        assertThat(log.get("input_tokens").asLong()).isPositive();
        assertThat(log.get("cost_usd").asDouble()).isPositive();
        List<JsonNode> settles = debitsOf(requestId);
        assertThat(settles).as("settled once").hasSize(1);
        assertThat(-settles.getFirst().get("amount_usd").asDouble()).isEqualTo(log.get("cost_usd").asDouble());
        assertThat(stack.call("GET", "/api/v1/credits", apiKey, null).json().get("held_usd").asDouble()).as("no hold left").isZero();
    }

    private Abandoned awaitAbandoned(int before) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            List<Abandoned> all = stack.mock.abandoned();
            if (all.size() > before) return all.get(before);
            Thread.sleep(20);
        }
        throw new AssertionError("the mock never saw its stream's connection closed");
    }

    private List<JsonNode> debitsOf(String requestId) throws Exception {
        for (int i = 0; i < 100; i++) {
            JsonNode credits = stack.call("GET", "/api/v1/credits?limit=200", apiKey, null).json();
            List<JsonNode> debits = new java.util.ArrayList<>();
            credits.get("entries").forEach(e -> {
                if (e.get("kind").asText().equals("debit") && requestId.equals(e.get("request_id").asText())) debits.add(e);
            });
            if (!debits.isEmpty()) return debits;
            Thread.sleep(20);
        }
        return List.of();
    }
}
