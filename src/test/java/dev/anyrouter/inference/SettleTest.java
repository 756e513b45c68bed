package dev.anyrouter.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.billing.PriceBook;
import dev.anyrouter.billing.Surcharges;
import dev.anyrouter.billing.Tariff;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.providers.exchange.ClientEndpoint;
import dev.anyrouter.providers.exchange.CostNote;
import dev.anyrouter.providers.exchange.Outcome;
import dev.anyrouter.routing.Attempt;
import dev.anyrouter.routing.Billing;
import dev.anyrouter.usage.UsageRecord;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * Settle alone, on every way a request can end: one usage record each time, and a held credit
 * either charged once (served, or cut short by the client after the answer began) or released
 * once (anything else); never both, never twice.
 */
class SettleTest {
    static final ModelPrice PRICE = ModelPrice.usd("0.40", "1.60");
    static final Usage USED = new Usage(1_000, 500, 0);
    static final long COST = PRICE.costMicros(1_000, 500, 0);

    final AtomicInteger lookups = new AtomicInteger();
    final PriceBook prices = id -> {
        lookups.incrementAndGet();
        return Optional.of(PRICE);
    };
    final Walks.Books books = new Walks.Books();
    final Settle settle = new Settle(prices, new Tariff(Surcharges.loadDefault()), books, books.records::add);
    final Attempt credits = Walks.attempt(Walks.key("operator", "operator"), Billing.CREDITS);
    final Attempt byok = Walks.attempt(Walks.key("mine", "acct"), Billing.BYOK);

    Ended ended(Attempt attempt, Ended.Ending ending, boolean held) {
        return new Ended(Walks.request("acct", true), ending, attempt, List.of(), held ? new Ended.Hold(10_000) : null);
    }

    Ended.Served served(Attempt attempt, Outcome.Ending how, int status, String code) {
        CostNote note = settle.costNote(attempt, Walks.request("acct", true).request());
        return new Ended.Served((Outcome.Served) Walks.served(how, status, code, USED), note);
    }

    @Test
    void theCostNoteReadsTheServiceTierTheRequestNamesAndLeavesTheRequestAsItWas() {
        byte[] body = ("{\"model\":\"openai/gpt-4.1-mini\",\"service_tier\":\"priority\","
                + "\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var request = dev.anyrouter.protocol.openai.ChatRequest.parse(body);
        String before = request.tree().toString();

        CostNote note = settle.costNote(credits, request);

        // surcharges.yaml: gpt-4.1-mini at priority is $0.70 in, $2.80 out per million (list: 0.40 / 1.60).
        assertThat(note.costMicros(USED)).isEqualTo(ModelPrice.usd("0.70", "2.80").costMicros(1_000, 500, 0));
        assertThat(request.tree().toString()).isEqualTo(before);
    }

    @Test
    void aServedCreditsRequestIsChargedItsPricedUsageOnceAndLoggedOnce() {
        Ended.Served served = served(credits, Outcome.Ending.ANSWERED, 200, null);
        served.costs().costMicros(USED); // what the relay priced for the answer's usage object

        settle.settle(ended(credits, served, true));

        assertThat(books.writes).containsExactly("settle acct req-1 " + COST + " openai/gpt-4.1-mini");
        assertThat(lookups).as("priced once, for the answer and the bill").hasValue(1);
        UsageRecord record = books.records.getFirst();
        assertThat(books.records).hasSize(1);
        assertThat(record.status()).isEqualTo(200);
        assertThat(record.costMicros()).isEqualTo(COST);
        assertThat(record.billing()).isEqualTo("credits");
        assertThat(record.keyId()).as("an operator key is never named to the account").isNull();
        assertThat(record.ttftMs()).isNotNull();
    }

    @Test
    void theWebSearchesAnAnswerReportsAreChargedAtTheFeeOfTheRequestsSearchTool() {
        byte[] body = ("{\"model\":\"openai/gpt-4.1\",\"stream\":false,\"input\":\"search twice\","
                + "\"tools\":[{\"type\":\"web_search_preview\"}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var request = dev.anyrouter.protocol.openai.ResponsesRequest.parse(body);
        Usage searched = USED.withWebSearches(2);
        CostNote note = settle.costNote(credits, request);
        // gpt-4.1-mini (the attempt's model) has no fixed search tokens for the preview tool: $0.025 a search.
        assertThat(note.costMicros(searched)).isEqualTo(COST + 50_000);
        assertThat(note.costMicros(USED)).as("no search, no fee").isEqualTo(COST);

        Ended.Served served = new Ended.Served((Outcome.Served) Walks.served(Outcome.Ending.ANSWERED, 200, null, searched), note);
        settle.settle(ended(credits, served, true));
        assertThat(books.writes).containsExactly("settle acct req-1 " + (COST + 50_000) + " openai/gpt-4.1-mini");
        assertThat(books.records.getFirst().costMicros()).isEqualTo(COST + 50_000);
    }

    @Test
    void aStreamCutBeforeItsUsageIsChargedTheSearchesItRanWithTheEstimate() {
        byte[] body = ("{\"model\":\"openai/gpt-4.1\",\"stream\":true,\"input\":\"search\","
                + "\"tools\":[{\"type\":\"web_search\"}]}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        var request = dev.anyrouter.protocol.openai.ResponsesRequest.parse(body);
        long now = System.nanoTime();
        Outcome.Served cut = new Outcome.Served(Outcome.Ending.CLIENT_GONE, 499, "client_closed", Usage.NONE.withWebSearches(1), 900,
                new Outcome.Timings(now, now + 1, now + 2), 400, false);
        Usage estimated = Settle.estimate(new InferenceRequest("req-1", Walks.T0, now, null, null, ClientEndpoint.RESPONSES,
                new dev.anyrouter.accounts.Caller("acct", "api-key-1", false), request, null), cut);
        assertThat(estimated.webSearches()).isEqualTo(1);
        assertThat(estimated.outputTokens()).isPositive();
        // $0.01 a search, and gpt-4.1-mini bills 8,000 input tokens per search at $0.40 per million.
        assertThat(settle.costNote(credits, request).costMicros(estimated))
                .isEqualTo(PRICE.costMicros(estimated.inputTokens(), estimated.outputTokens(), 0) + 10_000 + 3_200);
    }

    @Test
    void aClientThatLeftMidStreamIsChargedForWhatTheUpstreamProduced() {
        settle.settle(ended(credits, served(credits, Outcome.Ending.CLIENT_GONE, 499, "client_closed"), true));

        assertThat(books.writes).containsExactly("settle acct req-1 " + COST + " openai/gpt-4.1-mini");
        assertThat(books.records).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(499);
            assertThat(r.errorCode()).isEqualTo("client_closed");
            assertThat(r.outputTokens()).isEqualTo(500);
        });
    }

    @Test
    void aStreamTheUpstreamBrokeAfterContentIsChargedForWhatItProduced() {
        settle.settle(ended(credits, served(credits, Outcome.Ending.BROKEN, 502, "upstream_stream_failed"), true));

        assertThat(books.writes).containsExactly("settle acct req-1 " + COST + " openai/gpt-4.1-mini");
        assertThat(books.records).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(502);
            assertThat(r.costMicros()).isEqualTo(COST);
            assertThat(r.usageSource()).isEqualTo(UsageRecord.UPSTREAM);
        });
    }

    @Test
    void anAnswerThatEndedWithoutTheUpstreamsUsageIsChargedTheGatewaysEstimateAndSaysSo() {
        long now = System.nanoTime();
        // 400 characters of generated text relayed, no usage stated: about 100 output tokens.
        var outcome = new Outcome.Served(Outcome.Ending.CLIENT_GONE, 499, "client_closed", Usage.NONE, 900,
                new Outcome.Timings(now, now + 1, now + 2), 400, false);
        settle.settle(ended(credits, new Ended.Served(outcome, settle.costNote(credits, Walks.request("acct", true).request())), true));

        UsageRecord record = books.records.getFirst();
        assertThat(record.usageSource()).isEqualTo(UsageRecord.ESTIMATED);
        assertThat(record.outputTokens()).isEqualTo(100);
        assertThat(record.inputTokens()).as("the prompt counted from the request").isPositive();
        long cost = PRICE.costMicros(record.inputTokens(), 100, 0);
        assertThat(cost).isPositive();
        assertThat(record.costMicros()).isEqualTo(cost);
        assertThat(books.writes).containsExactly("settle acct req-1 " + cost + " openai/gpt-4.1-mini");
    }

    @Test
    void anAnthropicStreamCutAfterItsPromptUsageKeepsTheStatedPromptAndEstimatesTheOutput() {
        long now = System.nanoTime();
        var outcome = new Outcome.Served(Outcome.Ending.BROKEN, 502, "upstream_stream_failed", new Usage(1_234, 1, 200, 30, 0), 900,
                new Outcome.Timings(now, now + 1, now + 2), 80, false);

        Usage used = Settle.estimate(Walks.request("acct", true), outcome);

        assertThat(used).isEqualTo(new Usage(1_234, 20, 200, 30, 0));
    }

    @Test
    void refusedAndFailedRequestsAreReleasedAndLoggedWithTheirError() {
        ApiError refusal = new ApiError(400, "invalid_request_error", "context_length_exceeded", "too long");
        settle.settle(ended(credits, new Ended.Refused(refusal), true));
        settle.settle(new Ended(Walks.request("acct", false),
                new Ended.Failed(new ApiError(503, "upstream_error", "credits_unavailable", "none"), null), credits, List.of(),
                new Ended.Hold(10_000)));

        assertThat(books.writes).containsExactly("release acct req-1", "release acct req-1");
        assertThat(books.records).extracting(UsageRecord::status, UsageRecord::errorCode)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(400, "context_length_exceeded"),
                        org.assertj.core.groups.Tuple.tuple(503, "credits_unavailable"));
        assertThat(books.records).allSatisfy(r -> assertThat(r.costMicros()).isZero());
        assertThat(lookups).as("nothing served, nothing priced").hasValue(0);
    }

    @Test
    void aByokRequestTouchesNoLedgerAndLogsItsListPrice() {
        settle.settle(ended(byok, served(byok, Outcome.Ending.ANSWERED, 200, null), false));

        assertThat(books.writes).isEmpty();
        assertThat(books.records).singleElement().satisfies(r -> {
            assertThat(r.costMicros()).isEqualTo(COST);
            assertThat(r.billing()).isEqualTo("byok");
            assertThat(r.keyAlias()).isEqualTo("mine");
        });
    }

    @Test
    void aRequestThatNeverAuthenticatedIsNotLogged() {
        InferenceRequest anonymous = Walks.request("acct", false).authenticated(null);
        settle.settle(new Ended(anonymous, new Ended.Failed(ApiError.unauthorized("no key"), null), null, List.of(), null));

        assertThat(books.records).isEmpty();
        assertThat(books.writes).isEmpty();
    }
}
