package dev.anyrouter.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.billing.PriceBook;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Fifty credits requests at once on a $0.05 balance, each asking for an answer that would cost
 * more than the whole balance: every answer that is served is cut by the output limit the gateway
 * set to what the reservation covers (and says so), every other one is a 402 in the client's
 * wire, the balance never goes below zero, the debits add up to at most $0.05, and every answer
 * served is billed once: on SQLite and on PostgreSQL.
 */
class CreditsConcurrencyEndToEndTest {
    static final String ADMIN_TOKEN = "operator-token-for-tests-0123456789";
    static final String MODEL = "openai/gpt-4.1-mini";
    /** Output at $100 per million: the mock's 1,000-token answer would cost $0.10, twice the balance. */
    static final PriceBook PRICES = PriceBook.of(Map.of(MODEL, ModelPrice.usd("1", "100")));
    static final int REQUESTS = 50;

    @TempDir
    Path dataDir;

    @ParameterizedTest(name = "on {0}")
    @ValueSource(strings = {"sqlite", "postgresql"})
    void concurrentRequestsOnASmallBalanceAreCutToItAndNeverRunPastIt(String engine) throws Exception {
        if (engine.equals("postgresql")) {
            try (EmbeddedPostgres pg = EmbeddedPostgres.builder().start()) {
                run(Map.of("database-url", pg.getJdbcUrl("postgres", "postgres")));
            }
        } else {
            run(Map.of());
        }
    }

    private void run(Map<String, String> database) throws Exception {
        Map<String, String> settings = new HashMap<>(database);
        settings.put("admin-token", ADMIN_TOKEN);
        settings.put("signup-grant-usd", "0.05");
        try (Stack stack = new Stack(dataDir, settings, PRICES, Clock.systemUTC())) {
            String apiKey = stack.signup("small-balance@example.com");
            Stack.Reply op = stack.call("POST", "/api/v1/admin/provider-keys", ADMIN_TOKEN, "{\"provider\":\"openai\",\"key\":"
                    + "\"sk-mock-operator-5555\",\"alias\":\"house\",\"base_url\":\"" + stack.mockBase() + "\"}");
            assertThat(op.status()).as(op.body()).isEqualTo(201);
            assertThat(stack.call("PUT", "/api/v1/byok/pools/openai", apiKey, "{\"strategy\":\"fallback\",\"fallback_to_credits\":true}")
                    .status()).isEqualTo(200);
            assertThat(stack.call("POST", "http://127.0.0.1:" + stack.mock.port() + "/_mock/script", null,
                    "{\"key\":\"*\",\"chunks\":1000}").status()).isEqualTo(200);
            assertThat(balance(stack, apiKey)).isEqualTo(0.05);

            String chat = "{\"model\":\"" + MODEL + "\",\"max_tokens\":2000,\"messages\":[{\"role\":\"user\",\"content\":\"Write at length\"}]}";
            List<Stack.Reply> replies = new ArrayList<>();
            try (var pool = Executors.newFixedThreadPool(REQUESTS)) {
                CountDownLatch go = new CountDownLatch(1);
                List<Future<Stack.Reply>> sent = new ArrayList<>();
                for (int i = 0; i < REQUESTS; i++) {
                    sent.add(pool.submit(() -> {
                        go.await();
                        return stack.call("POST", "/api/v1/chat/completions", apiKey, chat);
                    }));
                }
                go.countDown();
                for (Future<Stack.Reply> f : sent) replies.add(f.get());
            }

            List<Stack.Reply> served = replies.stream().filter(r -> r.status() == 200).toList();
            assertThat(served).as("the balance pays for some answers").isNotEmpty();
            for (Stack.Reply r : replies) {
                if (r.status() == 200) {
                    JsonNode answer = r.json();
                    assertThat(answer.at("/choices/0/finish_reason").asText()).as("cut by the limit, not lost").isEqualTo("length");
                    long limit = Long.parseLong(r.headers().get("x-anyrouter-max-tokens").getFirst());
                    assertThat(answer.at("/usage/completion_tokens").asLong()).isEqualTo(limit).isLessThan(1000);
                } else {
                    assertThat(r.status()).as(r.body()).isEqualTo(402);
                    assertThat(r.json().at("/error/code").asText()).isEqualTo("insufficient_credits");
                }
            }

            JsonNode credits = awaitSettled(stack, apiKey, served.size());
            double balance = credits.get("balance_usd").asDouble();
            assertThat(balance).isGreaterThanOrEqualTo(0);
            double debited = 0;
            Map<String, Integer> debitsPerRequest = new HashMap<>();
            for (JsonNode e : credits.get("entries")) {
                if (!e.get("kind").asText().equals("debit")) continue;
                debited -= e.get("amount_usd").asDouble();
                debitsPerRequest.merge(e.get("request_id").asText(), 1, Integer::sum);
            }
            assertThat(debited).isLessThanOrEqualTo(0.05 + 1e-9);
            assertThat(debited + balance).isCloseTo(0.05, org.assertj.core.data.Offset.offset(1e-9));
            for (Stack.Reply r : served) {
                String id = r.headers().get("x-anyrouter-request-id").getFirst();
                assertThat(debitsPerRequest.get(id)).as("answer " + id + " billed once").isEqualTo(1);
                double cost = r.json().at("/usage/cost").asDouble();
                assertThat(cost).isPositive();
            }
            assertThat(debitsPerRequest).hasSize(served.size());
        }
    }

    private static double balance(Stack stack, String apiKey) throws Exception {
        return stack.call("GET", "/api/v1/credits", apiKey, null).json().get("balance_usd").asDouble();
    }

    private static JsonNode awaitSettled(Stack stack, String apiKey, int debits) throws Exception {
        JsonNode credits = null;
        for (int i = 0; i < 100; i++) {
            credits = stack.call("GET", "/api/v1/credits?limit=200", apiKey, null).json();
            long n = 0;
            for (JsonNode e : credits.get("entries")) if (e.get("kind").asText().equals("debit")) n++;
            if (n >= debits && credits.get("held_usd").asDouble() == 0) return credits;
            Thread.sleep(50);
        }
        return credits;
    }
}
