package dev.anyrouter.routing;

import io.vertx.core.Future;
import java.time.Clock;
import java.util.List;

/**
 * Walks a request through its attempts, one at a time, until one serves it. Before each attempt
 * the key's health is checked again (another request may have just quarantined or cooled it);
 * after it, the outcome is recorded in {@link KeyHealth} and the request's {@link AttemptLog}.
 * Moving on because of a key's own state (a rotation) is always allowed, so a pool is walked to
 * its end; transient failures spend a small retry budget; and the total number of upstream calls
 * is capped, so a request never loops, whatever state the keys are in.
 */
public final class Failover {
    /** What one attempt did. */
    public sealed interface Result {
        /**
         * An answer reached the client: a success, or an error that is the request's own fault
         * passed on as it is ({@code upstreamOk} false; it says nothing about the key).
         */
        record Delivered(boolean upstreamOk) implements Result {}

        /** Nothing reached the client, so another key may still serve. {@code detail} is safe to show. */
        record Failed(UpstreamFailure failure, String detail) implements Result {}
    }

    /** The exchange with the upstream for one attempt. A failed future means no answer was had. */
    @FunctionalInterface
    public interface Exchange {
        Future<Result> attempt(Attempt attempt);
    }

    /** How a walk ended. */
    public sealed interface Walk {
        /** {@code attempt} answered the client. */
        record Served(Attempt attempt) implements Walk {}

        /**
         * No attempt served. {@code last} is the last failure (null when every key was skipped);
         * {@code budgetSpent} when the walk stopped early on its retry or attempt limit.
         */
        record Exhausted(Result.Failed last, boolean budgetSpent) implements Walk {}
    }

    private final KeyHealth health;
    private final Clock clock;
    private final int maxAttempts;
    private final int maxRetries;

    /**
     * @param maxAttempts upstream calls one request may make in all
     * @param maxRetries transient failures after which a request stops walking
     */
    public Failover(KeyHealth health, Clock clock, int maxAttempts, int maxRetries) {
        if (maxAttempts < 1 || maxRetries < 0) throw new IllegalArgumentException("attempt limits must be positive");
        this.health = health;
        this.clock = clock;
        this.maxAttempts = maxAttempts;
        this.maxRetries = maxRetries;
    }

    /** Tries {@code attempts} in order, recording each in {@code log}. */
    public Future<Walk> walk(List<Attempt> attempts, AttemptLog log, Exchange exchange) {
        return step(attempts, 0, log, exchange, null, 0);
    }

    /**
     * Tries each model's attempts in turn until one serves: a model's keys all failing, busy or
     * skipped moves the request on to the next model. Each model gets its own retry budget (one
     * failing provider must not use up the others'), while the cap on upstream calls holds for
     * the whole request.
     */
    public Future<Walk> walkAll(List<List<Attempt>> models, AttemptLog log, Exchange exchange) {
        return model(models, 0, log, exchange, new Walk.Exhausted(null, false));
    }

    private Future<Walk> model(List<List<Attempt>> models, int index, AttemptLog log, Exchange exchange, Walk.Exhausted sofar) {
        if (index >= models.size()) return Future.succeededFuture(sofar);
        return step(models.get(index), 0, log, exchange, null, log.retries()).compose(walk -> switch (walk) {
            case Walk.Served served -> Future.<Walk>succeededFuture(served);
            case Walk.Exhausted end -> {
                Walk.Exhausted merged = new Walk.Exhausted(end.last() != null ? end.last() : sofar.last(), end.budgetSpent());
                if (log.attempts() >= maxAttempts) yield Future.<Walk>succeededFuture(new Walk.Exhausted(merged.last(), true));
                yield model(models, index + 1, log, exchange, merged);
            }
        });
    }

    private Future<Walk> step(List<Attempt> attempts, int index, AttemptLog log, Exchange exchange, Result.Failed last,
                              int retriesBefore) {
        for (int i = index; i < attempts.size(); i++) {
            if (log.attempts() >= maxAttempts) return Future.succeededFuture(new Walk.Exhausted(last, true));
            Attempt attempt = attempts.get(i);
            String model = attempt.model().upstreamModel();
            KeyHealth.Status status = health.check(attempt.key(), model);
            if (!status.state().serves()) {
                log.skipped(attempt, status);
                continue;
            }
            int next = i + 1;
            long started = clock.millis();
            return exchange.attempt(attempt)
                    .recover(failure -> {
                        UpstreamFailure.Transient t = FailureClassifier.fromException(failure);
                        return t == null ? Future.failedFuture(failure) : Future.succeededFuture(new Result.Failed(t, null));
                    })
                    .compose(result -> {
                        long millis = clock.millis() - started;
                        switch (result) {
                            case Result.Delivered delivered -> {
                                if (delivered.upstreamOk()) health.onSuccess(attempt.key(), model);
                                log.attempted(attempt, delivered.upstreamOk() ? "ok" : "request error passed on", millis, null);
                                return Future.succeededFuture(new Walk.Served(attempt));
                            }
                            case Result.Failed failed -> {
                                String consequence = health.onFailure(attempt.key(), model, failed.failure());
                                log.attempted(attempt, failed.failure().summary() + " " + consequence, millis, failed.failure());
                                if (log.retries() - retriesBefore > maxRetries) {
                                    return Future.succeededFuture(new Walk.Exhausted(failed, true));
                                }
                                return step(attempts, next, log, exchange, failed, retriesBefore);
                            }
                        }
                    });
        }
        return Future.succeededFuture(new Walk.Exhausted(last, false));
    }
}
