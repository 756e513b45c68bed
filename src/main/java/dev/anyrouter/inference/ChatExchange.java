package dev.anyrouter.inference;

import dev.anyrouter.accounts.Caller;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.providers.exchange.CostNote;
import dev.anyrouter.routing.Attempt;
import dev.anyrouter.routing.AttemptLog;
import dev.anyrouter.routing.Billing;
import dev.anyrouter.usage.UsageRecord;
import java.time.Instant;
import java.util.function.Consumer;

/**
 * What one chat request has gathered on its way through the pipeline; each step fills in
 * what it learns, and {@link #toUsage} turns it into the request's single usage record.
 */
final class ChatExchange {
    final String id;
    final Instant startedAt;
    final long startNanos;
    final String referer;
    final String title;
    final AttemptLog log = new AttemptLog();
    Caller caller;
    ClientRequest request;
    /** The attempt being made or, once one served, the one that served. */
    Attempt attempt;
    long firstByteNanos;
    /** What the serving attempt's usage cost: priced once, for the answer's note and the bill alike. */
    CostNote costs;
    /** Whether credit is held for this request in the ledger, to be settled or released. */
    boolean holding;
    /** Cost of what was served, at list price, in micro-dollars. */
    long costMicros;
    /** What the client named when the router chose among models (a virtual model, a list, a preset); else null. */
    String routedAs;

    private final Consumer<UsageRecord> usageSink;
    private boolean walkEnded;
    private boolean recorded;
    private int endStatus;
    private String endCode;
    private Usage endUsage;

    ChatExchange(String id, Instant startedAt, long startNanos, String referer, String title, Consumer<UsageRecord> usageSink) {
        this.id = id;
        this.usageSink = usageSink;
        this.startedAt = startedAt;
        this.startNanos = startNanos;
        this.referer = referer;
        this.title = title;
    }

    /** How the request ended; its one usage record is written once the attempt trace is complete too. */
    void finished(int status, String errorCode, Usage usage) {
        if (endUsage != null) return;
        endStatus = status;
        endCode = errorCode;
        endUsage = usage;
        recordWhenComplete();
    }

    /** The usage the request ended with, or null while it has not ended. */
    Usage endUsage() {
        return endUsage;
    }

    /** How the request ended: its status, or 0 while it has not ended. */
    int endStatus() {
        return endStatus;
    }

    /** The failover walk is over, so the attempt trace is complete. */
    void walkEnded() {
        walkEnded = true;
        recordWhenComplete();
    }

    private void recordWhenComplete() {
        if (!walkEnded || endUsage == null || recorded || caller == null) return;
        recorded = true;
        usageSink.accept(toUsage(endStatus, endCode, endUsage));
    }

    UsageRecord toUsage(int status, String errorCode, Usage usage) {
        long now = System.nanoTime();
        String model = attempt != null ? attempt.model().canonicalId() : request != null ? request.model() : "";
        boolean served = attempt != null && status / 100 == 2;
        return new UsageRecord(id, startedAt, caller.accountId(), caller.apiKeyId(), model,
                attempt == null ? null : attempt.model().provider().id(),
                attempt == null || attempt.billing() == Billing.CREDITS ? null : attempt.key().id(),
                attempt == null ? null : attempt.shownAlias(),
                status, errorCode, request != null && request.stream(),
                usage.inputTokens(), usage.outputTokens(), usage.cachedTokens(),
                (now - startNanos) / 1_000_000,
                firstByteNanos == 0 ? null : (firstByteNanos - startNanos) / 1_000_000,
                referer, title, log.entries(), attempt == null ? null : attempt.billing().wireName(),
                served ? costMicros : 0, routedAs);
    }

    /** The app's name as the client gives it: {@code X-Title}, or OpenRouter's newer {@code X-OpenRouter-Title}. */
    static String appTitle(io.vertx.core.http.HttpServerRequest request) {
        String title = request.getHeader("x-title");
        return title != null ? title : request.getHeader("x-openrouter-title");
    }
}
