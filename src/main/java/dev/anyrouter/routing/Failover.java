package dev.anyrouter.routing;

import dev.anyrouter.cluster.ProbeLeases;
import dev.anyrouter.providers.RateLimits;
import dev.anyrouter.providers.UpstreamErrors;
import dev.anyrouter.providers.exchange.Outcome;
import io.vertx.core.Future;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Walks a request through its attempts, one at a time, until one serves it, and is the one place
 * that judges what an attempt's {@link Outcome} means: a key's fault (the key's health is updated
 * and the walk moves on), the request's own fault (the walk ends and the client is told), or a
 * served answer. Before each attempt the key's health is checked again (another request may have
 * just quarantined or cooled it); after it, the verdict is recorded in {@link KeyHealth} and the
 * request's {@link AttemptLog}. Moving on because of a key's own state (a rotation) is always
 * allowed, so a pool is walked to its end; transient failures spend a small retry budget; and the
 * total number of upstream calls is capped, so a request never loops, whatever state the keys are in.
 */
public final class Failover {
    private static final Logger LOG = LoggerFactory.getLogger(Failover.class);

    /** A key that did not serve: why, in routing's terms, and a detail that is safe to show (or null). */
    public record Failed(KeyFailure failure, String detail) {}

    /** One attempt with the upstream; the exchange reports what happened, never what it means. */
    @FunctionalInterface
    public interface Exchange {
        Future<Outcome> attempt(Attempt attempt);
    }

    /** How a walk ended. */
    public sealed interface Walk {
        /** {@code attempt} answered the client, as {@code outcome} tells. */
        record Served(Attempt attempt, Outcome.Served outcome) implements Walk {}

        /**
         * The upstream refused the request itself (bad parameters, context too long): the key is
         * fine, no other key would answer otherwise, and nothing has reached the client yet.
         */
        record Refused(Attempt attempt, Outcome.ErrorAnswer answer) implements Walk {}

        /**
         * No attempt served. {@code last} is the last failure (null when every key was skipped);
         * {@code budgetSpent} when the walk stopped early on its retry or attempt limit.
         */
        record Exhausted(Failed last, boolean budgetSpent) implements Walk {}
    }

    private static final Runnable NO_PROBE = () -> { };

    private final KeyHealth health;
    private final Headroom headroom;
    private final Latencies latencies;
    private final ProbeLeases probes;
    private final Clock clock;
    private final int maxAttempts;
    private final int maxRetries;

    /**
     * @param maxAttempts upstream calls one request may make in all
     * @param maxRetries transient failures after which a request stops walking
     */
    public Failover(KeyHealth health, Clock clock, int maxAttempts, int maxRetries) {
        this(health, ProbeLeases.inProcess(), clock, maxAttempts, maxRetries);
    }

    /**
     * @param probes who may probe a key whose ejection has run out (one request in the cluster at a time)
     */
    public Failover(KeyHealth health, ProbeLeases probes, Clock clock, int maxAttempts, int maxRetries) {
        this(health, new KeySignals(clock), probes, clock, maxAttempts, maxRetries);
    }

    /**
     * @param signals what answers tell of each key beyond its health (rate limits left, time to first
     *     token), which this class alone writes and the strategies read
     */
    public Failover(KeyHealth health, KeySignals signals, ProbeLeases probes, Clock clock, int maxAttempts, int maxRetries) {
        if (maxAttempts < 1 || maxRetries < 0) throw new IllegalArgumentException("attempt limits must be positive");
        this.health = health;
        this.headroom = signals.headroom();
        this.latencies = signals.latencies();
        this.probes = probes;
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
            case Walk.Refused refused -> Future.<Walk>succeededFuture(refused);
            case Walk.Exhausted end -> {
                Walk.Exhausted merged = new Walk.Exhausted(end.last() != null ? end.last() : sofar.last(), end.budgetSpent());
                if (log.attempts() >= maxAttempts) yield Future.<Walk>succeededFuture(new Walk.Exhausted(merged.last(), true));
                yield model(models, index + 1, log, exchange, merged);
            }
        });
    }

    private Future<Walk> step(List<Attempt> attempts, int index, AttemptLog log, Exchange exchange, Failed last,
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
            // A key its own answers forecast empty until its window refills is passed by like a cooling one.
            Headroom.Forecast forecast = headroom.forecast(attempt.key(), model, log.tokens());
            if (forecast.exhausted()) {
                log.skipped(attempt, "predicted empty", forecast.describe());
                continue;
            }
            int next = i + 1;
            if (status.state() == KeyHealth.State.PROBING) {
                // The ejection has run out: one request in the cluster probes the key, the others pass it by.
                String keyId = attempt.key().id();
                return probes.claim(keyId).compose(mine -> {
                    if (!mine) {
                        log.skipped(attempt, status);
                        return step(attempts, next, log, exchange, last, retriesBefore);
                    }
                    return attempt(attempts, next, log, exchange, retriesBefore, attempt, () -> probes.release(keyId));
                });
            }
            return attempt(attempts, next, log, exchange, retriesBefore, attempt, NO_PROBE);
        }
        return Future.succeededFuture(new Walk.Exhausted(last, false));
    }

    /** One call to the upstream; {@code judged} runs once its verdict on the key is recorded (a probe ends there). */
    private Future<Walk> attempt(List<Attempt> attempts, int next, AttemptLog log, Exchange exchange, int retriesBefore,
                                 Attempt attempt, Runnable judged) {
        long started = clock.millis();
        String model = attempt.model().upstreamModel();
        headroom.sent(attempt.key(), model, log.tokens());
        return exchange.attempt(attempt).onComplete(done -> headroom.answered(attempt.key(), model, log.tokens(),
                done.succeeded() ? saidOfLimits(attempt, done.result()) : RateLimits.NONE))
                .onFailure(e -> judged.run()).compose(outcome -> switch (outcome) {
            case Outcome.Served served -> {
                Walk walk = served(attempt, served, log);
                judged.run();
                yield Future.succeededFuture(walk);
            }
            case Outcome.NotServed notServed -> notServed(attempts, next, log, exchange, retriesBefore, attempt, started,
                    notServed.cause(), judged);
        });
    }

    /**
     * A served answer. An upstream error the gateway passed on as its answer (a translated body
     * that was not JSON) says nothing good of the key; a stream the upstream broke after content
     * counts against the key as a transient failure, though the client has part of its answer.
     */
    private Walk served(Attempt attempt, Outcome.Served served, AttemptLog log) {
        String model = attempt.model().upstreamModel();
        Outcome.Timings t = served.timings();
        long millis = ((t.firstContentNanos() > 0 ? t.firstContentNanos() : t.endNanos()) - t.sentNanos()) / 1_000_000;
        boolean upstreamOk = served.ending() != Outcome.Ending.ANSWERED || served.status() / 100 == 2;
        if (upstreamOk) health.onSuccess(attempt.key(), model);
        if (upstreamOk && t.firstContentNanos() > 0) latencies.observe(attempt.key(), model, Duration.ofNanos(t.firstContentNanos() - t.sentNanos()));
        String trace = upstreamOk ? "ok" : "request error passed on";
        if (served.ending() == Outcome.Ending.STOPPED) trace = "ok, then this node stopped the stream (shutting down)";
        if (served.ending() == Outcome.Ending.BROKEN) {
            String consequence = health.onFailure(attempt.key(), model, new KeyFailure.Transient(0, "stream broke"));
            trace = "ok, then the stream broke (" + consequence + ")";
            LOG.info("request {}: {} stream broke on key '{}'", log.requestId(), attempt.model().provider().id(), attempt.shownAlias());
        }
        log.attempted(attempt, trace, millis, null, limitsLeft(attempt, log));
        return new Walk.Served(attempt, served);
    }

    /** Nothing reached the client: a key's failure (the walk moves on), or the request's own (it ends). */
    private Future<Walk> notServed(List<Attempt> attempts, int next, AttemptLog log, Exchange exchange, int retriesBefore,
                                   Attempt attempt, long started, Outcome.Cause cause, Runnable judged) {
        Failed failed;
        switch (cause) {
            case Outcome.ErrorAnswer answer -> {
                var failure = FailureClassifier.classify(attempt.model().provider(), answer.status(), answer.header(), answer.body(),
                        clock.instant());
                if (failure.isEmpty()) {
                    log.attempted(attempt, "request error passed on", clock.millis() - started, null);
                    judged.run();
                    return Future.succeededFuture(new Walk.Refused(attempt, answer));
                }
                LOG.info("request {}: {} answered {} on key '{}'", log.requestId(), attempt.model().provider().id(),
                        answer.status(), attempt.shownAlias());
                failed = new Failed(failure.get(), UpstreamErrors.cleanMessage(answer.body(), attempt.target().credential()));
            }
            case Outcome.NoContent none -> failed = new Failed(new KeyFailure.Transient(0, none.what()), null);
            case Outcome.NoAnswer none -> {
                KeyFailure.Transient t = FailureClassifier.fromException(none.failure());
                // Anything else is a bug of ours, not the key's fault: it fails the request.
                if (t == null) {
                    judged.run();
                    return Future.failedFuture(none.failure());
                }
                failed = new Failed(t, null);
            }
        }
        return failed(attempts, next, log, exchange, retriesBefore, attempt, started, failed, judged);
    }

    /** What the trace says of the key's rate limits after its answer; null when its answers say nothing of them. */
    private String limitsLeft(Attempt attempt, AttemptLog log) {
        Headroom.Forecast left = headroom.forecast(attempt.key(), attempt.model().upstreamModel(), log.tokens());
        return left.unknown() ? null : left.describe();
    }

    /** What an outcome's answer said of the key's rate limits: a served answer's, or an error answer's own headers. */
    private RateLimits saidOfLimits(Attempt attempt, Outcome outcome) {
        return switch (outcome) {
            case Outcome.Served served -> served.rateLimits();
            case Outcome.NotServed(Outcome.ErrorAnswer answer) when attempt.model().provider().rateLimitHeaders() != null ->
                    attempt.model().provider().rateLimitHeaders().read(answer.header(), clock.instant());
            case Outcome.NotServed other -> RateLimits.NONE;
        };
    }

    private Future<Walk> failed(List<Attempt> attempts, int next, AttemptLog log, Exchange exchange, int retriesBefore,
                                Attempt attempt, long started, Failed failed, Runnable judged) {
        String consequence = health.onFailure(attempt.key(), attempt.model().upstreamModel(), failed.failure());
        judged.run();
        log.attempted(attempt, failed.failure().summary() + " " + consequence, clock.millis() - started, failed.failure(),
                limitsLeft(attempt, log));
        if (log.retries() - retriesBefore > maxRetries) return Future.succeededFuture(new Walk.Exhausted(failed, true));
        return step(attempts, next, log, exchange, failed, retriesBefore);
    }
}
