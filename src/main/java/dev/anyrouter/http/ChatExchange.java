package dev.anyrouter.http;

import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.routing.Attempt;
import dev.anyrouter.usage.UsageRecord;
import java.time.Instant;
import java.util.UUID;

/**
 * What one chat request has gathered on its way through the pipeline; each step fills in
 * what it learns, and {@link #toUsage} turns it into the request's single usage record.
 */
final class ChatExchange {
    final String id = UUID.randomUUID().toString();
    final Instant startedAt;
    final long startNanos;
    final String referer;
    final String title;
    Caller caller;
    ClientRequest request;
    Attempt attempt;
    long firstByteNanos;

    ChatExchange(Instant startedAt, long startNanos, String referer, String title) {
        this.startedAt = startedAt;
        this.startNanos = startNanos;
        this.referer = referer;
        this.title = title;
    }

    void markFirstByte() {
        if (firstByteNanos == 0) firstByteNanos = System.nanoTime();
    }

    UsageRecord toUsage(int status, String errorCode, Usage usage) {
        long now = System.nanoTime();
        String model = attempt != null ? attempt.model().canonicalId() : request != null ? request.model() : "";
        return new UsageRecord(id, startedAt, caller.accountId(), caller.apiKeyId(), model,
                attempt == null ? null : attempt.model().provider().id(),
                attempt == null ? null : attempt.key().id(),
                attempt == null ? null : attempt.key().alias(),
                status, errorCode, request != null && request.stream(),
                usage.inputTokens(), usage.outputTokens(), usage.cachedTokens(),
                (now - startNanos) / 1_000_000,
                firstByteNanos == 0 ? null : (firstByteNanos - startNanos) / 1_000_000,
                referer, title);
    }
}
