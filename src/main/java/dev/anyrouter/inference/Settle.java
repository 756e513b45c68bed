package dev.anyrouter.inference;

import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.billing.PriceBook;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.providers.exchange.CostNote;
import dev.anyrouter.routing.Attempt;
import dev.anyrouter.routing.Billing;
import dev.anyrouter.routing.ModelRef;
import dev.anyrouter.usage.UsageRecord;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The last step of every inference request, and the only place that prices a request's usage,
 * settles or releases the credit held for it, and writes its usage record: once per request,
 * whatever became of it (served, cut short by the client or the upstream, refused, failed).
 * Pricing happens as an answer is relayed, through the {@link CostNote} this gives each attempt,
 * so the cost the client reads is the one billed and each usage is priced once.
 */
final class Settle {
    private final PriceBook prices;
    private final CreditLedger ledger;
    private final Consumer<UsageRecord> usageLog;

    Settle(PriceBook prices, CreditLedger ledger, Consumer<UsageRecord> usageLog) {
        this.prices = prices;
        this.ledger = ledger;
        this.usageLog = usageLog;
    }

    /** The model's list price, if it has one. */
    Optional<ModelPrice> price(ModelRef model) {
        return prices.price(model.canonicalId());
    }

    /** The cost note of one attempt: its usage priced at the model's list price (0 for a model with none). */
    CostNote costNote(Attempt attempt) {
        return new CostNote(attempt.billing() == Billing.BYOK, used -> price(attempt.model())
                .map(p -> p.costMicros(used.inputTokens(), used.outputTokens(), used.cachedTokens()))
                .orElse(0L));
    }

    /**
     * Settles the request: a held credit is charged what was served (a 2xx, or a 499: the client
     * went away after the answer began and the upstream was paid for what it produced) or given
     * back (anything else), and the one usage record is written. A request that was never
     * authenticated has no account to record against.
     */
    void settle(Ended ended) {
        InferenceRequest request = ended.request();
        if (request.caller() == null) return;
        Ended.Ending ending = ended.ending();
        Usage used = usage(ending);
        long costMicros = ending instanceof Ended.Served served ? served.costs().costMicros(used) : 0;
        if (ended.hold() != null) {
            String accountId = request.caller().accountId();
            if (charged(ending.status())) {
                ledger.settle(accountId, request.id(), costMicros, ended.last() == null ? "" : ended.last().model().canonicalId());
            } else {
                ledger.release(accountId, request.id());
            }
        }
        usageLog.accept(record(ended, used, costMicros));
    }

    /** What was used, as the bill counts it: what the upstream stated ({@link Usage#NONE} when nothing was served). */
    private static Usage usage(Ended.Ending ending) {
        return ending instanceof Ended.Served served ? served.outcome().usage() : Usage.NONE;
    }

    private static boolean charged(int status) {
        return status / 100 == 2 || status == 499;
    }

    private static UsageRecord record(Ended ended, Usage used, long costMicros) {
        InferenceRequest request = ended.request();
        Attempt attempt = ended.last();
        Ended.Ending ending = ended.ending();
        long now = System.nanoTime();
        long firstContent = ending instanceof Ended.Served served ? served.outcome().timings().firstContentNanos() : 0;
        String model = attempt != null ? attempt.model().canonicalId() : request.request() != null ? request.request().model() : "";
        boolean served = attempt != null && ending.status() / 100 == 2;
        return new UsageRecord(request.id(), request.startedAt(), request.caller().accountId(), request.caller().apiKeyId(), model,
                attempt == null ? null : attempt.model().provider().id(),
                attempt == null || attempt.billing() == Billing.CREDITS ? null : attempt.key().id(),
                attempt == null ? null : attempt.shownAlias(),
                ending.status(), ending.errorCode(), request.request() != null && request.request().stream(),
                used.inputTokens(), used.outputTokens(), used.cachedTokens(),
                (now - request.startNanos()) / 1_000_000,
                firstContent == 0 ? null : (firstContent - request.startNanos()) / 1_000_000,
                request.referer(), request.title(), ended.attempts(), attempt == null ? null : attempt.billing().wireName(),
                served ? costMicros : 0, request.routedAs());
    }
}
