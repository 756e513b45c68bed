package dev.anyrouter.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.billing.Metered;
import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.billing.PoolCredits;
import dev.anyrouter.billing.PriceBook;
import dev.anyrouter.billing.Tariff;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.TokenEstimate;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.providers.exchange.Outcome;
import dev.anyrouter.providers.exchange.CostNote;
import dev.anyrouter.routing.Attempt;
import dev.anyrouter.routing.Billing;
import dev.anyrouter.routing.ModelRef;
import dev.anyrouter.usage.UsageRecord;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The last step of every inference request, and the only place that prices a request's usage,
 * settles or releases the credit held for it, and writes its usage record: once per request,
 * whatever became of it (served, cut short by the client or the upstream, refused, failed).
 * Pricing happens as an answer is relayed, through the {@link CostNote} this gives each attempt,
 * so the cost the client reads is the one billed and each usage is priced once, by the
 * {@link Tariff} (list price, service tier, cache writes, long prompts). An answer that ended
 * without the upstream's usage (the client left, the stream was cut, the upstream said nothing) is
 * billed the gateway's own estimate: the prompt counted from the request, the output from the text
 * relayed, recorded as {@code usage_source: estimated}.
 */
final class Settle {
    private final PriceBook prices;
    private final Tariff tariff;
    private final CreditLedger ledger;
    private final Consumer<UsageRecord> usageLog;
    private final BigDecimal poolCreditRate;

    Settle(PriceBook prices, Tariff tariff, CreditLedger ledger, Consumer<UsageRecord> usageLog) {
        this(prices, tariff, ledger, usageLog, BigDecimal.ZERO);
    }

    /** @param poolCreditRate the share of a pool request's notional cost credited back to the donor of the key that served it */
    Settle(PriceBook prices, Tariff tariff, CreditLedger ledger, Consumer<UsageRecord> usageLog, BigDecimal poolCreditRate) {
        this.prices = prices;
        this.tariff = tariff;
        this.ledger = ledger;
        this.usageLog = usageLog;
        this.poolCreditRate = poolCreditRate;
    }

    /** The model's list price, if it has one. */
    Optional<ModelPrice> price(ModelRef model) {
        return prices.price(model.canonicalId());
    }

    /**
     * The cost note of one attempt of {@code request}: its usage priced by the tariff from the
     * model's list price (0 for a model with none), on the service tier the request names, its cache
     * writes at the lifetime it asks for, and each web search the answer reports at the fee of the
     * request's web search tool.
     */
    CostNote costNote(Attempt attempt, ClientRequest request) {
        String model = attempt.model().canonicalId();
        // Read in the client's tree, not a copy of it: this runs on every attempt.
        String serviceTier = request.memberText("service_tier");
        boolean hour = hourCache(request);
        return new CostNote(attempt.billing() == Billing.BYOK, used -> price(attempt.model())
                .map(p -> tariff.charge(model, p, new Metered(used, hour ? used.cacheWriteTokens() : 0, toolCalls(model, request, used),
                        serviceTier)).micros())
                .orElse(0L));
    }

    /**
     * The hosted tool calls an answer reports, by the tool type each is billed as. Only an answer
     * that reports a search reads the request's tools (a copy of its tree: rare, off the common path).
     */
    private Map<String, Long> toolCalls(String model, ClientRequest request, Usage used) {
        if (used.webSearches() <= 0) return Map.of();
        List<String> types = new ArrayList<>();
        for (JsonNode tool : request.tree().path("tools")) types.add(tool.path("type").asText(""));
        return Map.of(tariff.webSearchTool(model, types), used.webSearches());
    }

    /** Whether any of the request's {@code cache_control} breakpoints asks for the one-hour cache. */
    private static boolean hourCache(ClientRequest request) {
        for (JsonNode cache : request.valuesNamed("cache_control")) {
            if (cache.path("ttl").asText("").equals("1h")) return true;
        }
        return false;
    }

    /**
     * Settles the request: a held credit is charged what was served (a 2xx; a 499: the client went
     * away after the answer began; a stream the upstream cut after content: the upstream was paid
     * for what it produced either way) or given back (anything else), and the one usage record is
     * written. A request that was never authenticated has no account to record against.
     */
    void settle(Ended ended) {
        InferenceRequest request = ended.request();
        if (request.caller() == null) return;
        Ended.Ending ending = ended.ending();
        Usage used = usage(ended);
        boolean charged = charged(ending);
        long costMicros = charged ? ((Ended.Served) ending).costs().costMicros(used) : 0;
        UsageRecord record = record(ended, used, costMicros, charged);
        if (ended.hold() == null) {
            usageLog.accept(record);
            return;
        }
        String accountId = request.caller().accountId();
        if (charged) {
            // The record goes with the debit, in its transaction: see CreditLedger#settle.
            ledger.settle(accountId, request.id(), costMicros, ended.last() == null ? "" : ended.last().model().canonicalId(), record,
                    creditBack(ended, used, costMicros));
        } else {
            ledger.release(accountId, request.id());
            usageLog.accept(record);
        }
    }

    /**
     * What the served attempt earns its key's donor: a pool attempt's share of the notional cost, for
     * the one attempt that served (never a failed one before it), and never when the requester owns
     * the key; null otherwise.
     */
    private PoolCredits.CreditBack creditBack(Ended ended, Usage used, long costMicros) {
        Attempt served = ended.last();
        if (served == null || served.billing() != Billing.POOL) return null;
        String donor = served.key().accountId();
        if (donor.equals(ended.request().caller().accountId())) return null;
        return new PoolCredits.CreditBack(donor, served.key().id(), served.model().provider().id(), used.inputTokens(),
                used.outputTokens(), costMicros, PoolCredits.CreditBack.share(costMicros, poolCreditRate));
    }

    /**
     * What was used, as the bill counts it: what the upstream stated, else the gateway's estimate
     * ({@link Usage#NONE} when nothing was served).
     */
    private static Usage usage(Ended ended) {
        if (!(ended.ending() instanceof Ended.Served served)) return Usage.NONE;
        Outcome.Served outcome = served.outcome();
        return outcome.usageStated() ? outcome.usage() : estimate(ended.request(), outcome);
    }

    /**
     * The usage of an answer the upstream stated none for, or only part of (an Anthropic stream's
     * prompt side): what it stated, the rest counted by the gateway, the prompt from the client's
     * request and the output from the generated text relayed.
     */
    static Usage estimate(InferenceRequest request, Outcome.Served outcome) {
        Usage stated = outcome.usage();
        long input = stated.inputTokens() > 0 ? stated.inputTokens()
                : TokenEstimate.prompt(Credits.wire(request.endpoint()), request.request().tree()).estimate();
        long output = Math.max(stated.outputTokens(), TokenEstimate.output(outcome.generatedChars()));
        return new Usage(input, output, stated.cachedTokens(), stated.cacheWriteTokens(), stated.reasoningTokens(), stated.webSearches());
    }

    /**
     * Whether what was served is paid for: an answer, one the client left, one the upstream cut after
     * content, or one a stopping node ended after content (the upstream was paid for what it produced).
     */
    private static boolean charged(Ended.Ending ending) {
        if (!(ending instanceof Ended.Served served)) return false;
        int status = ending.status();
        Outcome.Ending how = served.outcome().ending();
        return status / 100 == 2 || status == 499 || how == Outcome.Ending.BROKEN || how == Outcome.Ending.STOPPED;
    }

    private static UsageRecord record(Ended ended, Usage used, long costMicros, boolean charged) {
        InferenceRequest request = ended.request();
        Attempt attempt = ended.last();
        Ended.Ending ending = ended.ending();
        long now = System.nanoTime();
        long firstContent = ending instanceof Ended.Served served ? served.outcome().timings().firstContentNanos() : 0;
        String model = attempt != null ? attempt.model().canonicalId() : request.request() != null ? request.request().model() : "";
        boolean served = attempt != null && charged;
        String source = ending instanceof Ended.Served s
                ? s.outcome().usageStated() ? UsageRecord.UPSTREAM : UsageRecord.ESTIMATED : null;
        return new UsageRecord(request.id(), request.startedAt(), request.caller().accountId(), request.caller().apiKeyId(), model,
                attempt == null ? null : attempt.model().provider().id(),
                // Neither the operator's key nor a donor's is named in the requester's record.
                attempt == null || attempt.billing() != Billing.BYOK ? null : attempt.key().id(),
                attempt == null ? null : attempt.shownAlias(),
                ending.status(), ending.errorCode(), request.request() != null && request.request().stream(),
                used.inputTokens(), used.outputTokens(), used.cachedTokens(),
                (now - request.startNanos()) / 1_000_000,
                firstContent == 0 ? null : (firstContent - request.startNanos()) / 1_000_000,
                request.referer(), request.title(), ended.attempts(), attempt == null ? null : attempt.billing().wireName(),
                served ? costMicros : 0, request.routedAs(), source);
    }
}
