package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.billing.PriceBook;
import dev.anyrouter.protocol.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A request's usage is priced once, whether the answer is whole or streamed: the cost the client
 * sees in {@code usage} and the cost billed are one figure. Prices are looked up through a book
 * that counts its lookups; a BYOK request looks a price up for nothing else.
 */
class PricedOnceEndToEndTest {
    private static final String MODEL = "openai/gpt-4.1-mini";
    private static final ModelPrice PRICE = ModelPrice.usd("0.40", "1.60");

    @TempDir
    Path dataDir;

    final AtomicInteger lookups = new AtomicInteger();
    Stack stack;
    String apiKey;

    @BeforeEach
    void start() throws Exception {
        PriceBook counting = id -> {
            lookups.incrementAndGet();
            return MODEL.equals(id) ? Optional.of(PRICE) : Optional.empty();
        };
        stack = new Stack(dataDir, Map.of(), counting, Clock.systemUTC());
        apiKey = stack.signup("priced@example.com");
        Stack.Reply key = stack.addKey(apiKey, "sk-mock-priced-1234", "main");
        assertThat(key.status()).as(key.body()).isEqualTo(201);
    }

    @AfterEach
    void stop() throws Exception {
        if (stack != null) stack.close();
    }

    @Test
    void pricesAWholeAnswersUsageOnce() throws Exception {
        lookups.set(0);
        Stack.Reply reply = stack.call("POST", "/api/v1/chat/completions", apiKey,
                "{\"model\":\"" + MODEL + "\",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode usage = reply.json().get("usage");
        long expected = PRICE.costMicros(usage.get("prompt_tokens").asLong(), usage.get("completion_tokens").asLong(), 0);
        assertThat(usage.get("cost_details").get("upstream_inference_cost").asDouble()).isEqualTo(expected / 1_000_000.0);
        assertThat(expected).isPositive();
        assertThat(lookups.get()).isEqualTo(1);
        assertThat(loggedCost(reply)).isEqualTo(expected / 1_000_000.0);
    }

    @Test
    void pricesAStreamsUsageOnceWhenTheClientSeesItToo() throws Exception {
        lookups.set(0);
        Stack.Reply reply = stack.call("POST", "/api/v1/chat/completions", apiKey, "{\"model\":\"" + MODEL + "\",\"stream\":true,"
                + "\"stream_options\":{\"include_usage\":true},\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}");

        assertThat(reply.status()).as(reply.body()).isEqualTo(200);
        JsonNode usage = null;
        for (String line : reply.body().split("\n")) {
            if (!line.startsWith("data: {")) continue;
            JsonNode chunk = Json.parse(line.substring(6).getBytes(StandardCharsets.UTF_8));
            if (chunk.path("usage").isObject()) usage = chunk.get("usage");
        }
        assertThat(usage).as(reply.body()).isNotNull();
        long expected = PRICE.costMicros(usage.get("prompt_tokens").asLong(), usage.get("completion_tokens").asLong(), 0);
        assertThat(usage.get("cost_details").get("upstream_inference_cost").asDouble()).isEqualTo(expected / 1_000_000.0);
        assertThat(lookups.get()).isEqualTo(1);
        assertThat(loggedCost(reply)).isEqualTo(expected / 1_000_000.0);
    }

    private double loggedCost(Stack.Reply reply) throws Exception {
        String requestId = reply.headers().get("x-anyrouter-request-id").getFirst();
        return stack.awaitLog(apiKey, requestId).get("cost_usd").asDouble();
    }
}
