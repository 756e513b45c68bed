package dev.anyrouter.inference;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.sse.SseEvent;
import dev.anyrouter.protocol.sse.SseParser;
import dev.anyrouter.providers.UpstreamClient;
import dev.anyrouter.providers.UpstreamErrors;
import dev.anyrouter.providers.exchange.ClientWire;
import dev.anyrouter.providers.exchange.FirstByteDeadlines;
import dev.anyrouter.providers.exchange.Passthrough;
import dev.anyrouter.providers.exchange.StreamRelay;
import dev.anyrouter.providers.exchange.StreamWatch;
import dev.anyrouter.routing.Attempt;
import dev.anyrouter.routing.Failover;
import dev.anyrouter.routing.FailureClassifier;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.routing.UpstreamFailure;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One attempt on an upstream of the client's own wire ({@link Passthrough}: OpenAI's Chat
 * Completions or Responses, Anthropic's Messages), passed through as it is. Nothing reaches the client until the upstream has
 * shown it can serve: a JSON answer is read whole; a stream's status and first events are held
 * until it produces real content (text, a tool call, a finish reason). Up to that point a
 * failure — an error status, a broken connection, no first content within the first-byte
 * timeout — is reported back for the next key to try. After it, the stream is relayed event by
 * event, and a failure ends it with an error event the client cannot mistake for success.
 */
final class OpenAiRelay {
    private static final Logger LOG = LoggerFactory.getLogger(OpenAiRelay.class);
    private static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream");
    private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");

    private final UpstreamClient upstream;
    private final KeyHealth health;
    private final ChatBilling billing;
    private final Duration firstByteTimeout;
    private final Clock clock;

    OpenAiRelay(UpstreamClient upstream, KeyHealth health, ChatBilling billing, Duration firstByteTimeout,
                Clock clock) {
        this.upstream = upstream;
        this.health = health;
        this.billing = billing;
        this.firstByteTimeout = firstByteTimeout;
        this.clock = clock;
    }

    /** Sends the attempt and completes once its answer reached the client, or once it is known that none will. */
    Future<Failover.Result> exchange(RoutingContext ctx, ChatExchange exchange, Attempt attempt, Passthrough wire) {
        boolean stream = exchange.request.stream();
        byte[] body = exchange.request.forUpstream(attempt.model().upstreamModel());
        Promise<Failover.Result> result = Promise.promise();
        Deadline deadline = new Deadline(ctx.vertx(), result);
        upstream.send(wire.call(attempt.target(), body, stream)).onComplete(sent -> {
            if (sent.failed()) {
                deadline.disarm();
                result.tryFail(sent.cause());
                return;
            }
            HttpClientResponse response = sent.result();
            if (!deadline.watch(response)) return;
            if (response.statusCode() / 100 != 2) {
                deadline.disarm();
                relayError(ctx, exchange, attempt, response, wire.client()).onComplete(result);
            } else if (!stream) {
                deadline.disarm();
                relayJson(ctx, exchange, attempt, response, wire).onComplete(result);
            } else {
                new StreamRelay(ctx, exchange, attempt, response, deadline, result, wire.watch(exchange.request)).start();
            }
        });
        return result.future();
    }

    /**
     * The first-byte timeout of one attempt: it fails the attempt if no answer (for a stream: no
     * content) came in time, and resets an answer that arrives after the attempt was given up.
     * It runs in the {@link FirstByteDeadlines} of the event loop the attempt is made on.
     */
    private final class Deadline extends FirstByteDeadlines.Entry {
        private final Vertx vertx;
        private final Promise<Failover.Result> result;
        /** A timer of its own, only when made off an event loop (every request path runs on one). */
        private final long timer;
        private HttpClientResponse response;

        Deadline(Vertx vertx, Promise<Failover.Result> result) {
            this.vertx = vertx;
            this.result = result;
            FirstByteDeadlines loop = loopDeadlines(vertx);
            if (loop != null) {
                loop.add(this);
                this.timer = -1;
            } else {
                this.timer = vertx.setTimer(firstByteTimeout.toMillis(), id -> expired());
            }
        }

        @Override
        protected void expired() {
            if (result.tryFail(new TimeoutException("no first content within " + firstByteTimeout.toMillis() + " ms"))
                    && response != null) {
                response.request().reset();
            }
        }

        /** False (and the late answer reset) when the attempt already timed out. */
        boolean watch(HttpClientResponse answer) {
            if (result.future().isComplete()) {
                answer.request().reset();
                return false;
            }
            this.response = answer;
            return true;
        }

        /** The answer came (or the attempt ended): the deadline no longer applies. */
        void disarm() {
            if (timer >= 0) vertx.cancelTimer(timer);
            else cancel();
        }
    }

    /** The deadlines of the event loop this runs on, made on its first attempt; null off an event loop. */
    private FirstByteDeadlines loopDeadlines(Vertx vertx) {
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext() || !Context.isOnEventLoopThread()) return null;
        FirstByteDeadlines deadlines = context.get(this);
        if (deadlines == null) {
            deadlines = FirstByteDeadlines.onLoop(vertx, firstByteTimeout);
            context.put(this, deadlines);
        }
        return deadlines;
    }

    /**
     * A non-2xx answer: a failure of the key (reported for the next key to try), or the request's
     * own fault, answered in the client's error shape.
     */
    Future<Failover.Result> relayError(RoutingContext ctx, ChatExchange exchange, Attempt attempt, HttpClientResponse response,
                                       ClientWire client) {
        return response.body().map(body -> {
            byte[] bytes = body.getBytes();
            int status = response.statusCode();
            String detail = UpstreamErrors.cleanMessage(bytes, attempt.target().credential());
            var failure = FailureClassifier.classify(attempt.model().provider(), status, response::getHeader, bytes, clock.instant());
            if (failure.isPresent()) {
                LOG.info("request {}: {} answered {} on key '{}'", exchange.id, attempt.model().provider().id(), status, attempt.shownAlias());
                return new Failover.Result.Failed(failure.get(), detail);
            }
            // The request's own fault: the client sees the upstream's answer (cleaned), and the key is fine.
            ApiError error = UpstreamFailures.toApiError(attempt, status, bytes);
            HttpServerResponse out = ctx.response();
            stamp(out, exchange, attempt);
            finish(exchange, attempt, status, error.code(), Usage.NONE);
            client.sendError(out, error);
            return new Failover.Result.Delivered(false);
        });
    }

    private Future<Failover.Result> relayJson(RoutingContext ctx, ChatExchange exchange, Attempt attempt, HttpClientResponse response,
                                              Passthrough wire) {
        return response.body().map(body -> {
            exchange.markFirstByte();
            RelayedAnswer answer = RelayedAnswer.of(body, wire, attempt.billing(), used -> billing.costMicros(attempt, used));
            HttpServerResponse server = ctx.response();
            copyContentType(response, server);
            stamp(server, exchange, attempt);
            finish(exchange, attempt, response.statusCode(), null, answer.usage(), answer.costMicros());
            server.setStatusCode(response.statusCode()).end(answer.body());
            return new Failover.Result.Delivered(true);
        });
    }

    /** Records the request's usage and settles (served) or releases (not served) any credit held for it. */
    private void finish(ChatExchange exchange, Attempt attempt, int status, String errorCode, Usage used) {
        finish(exchange, attempt, status, errorCode, used, billing.costMicros(attempt, used));
    }

    /** As {@link #finish(ChatExchange, Attempt, int, String, Usage)}, with the usage already priced at {@code costMicros}. */
    private void finish(ChatExchange exchange, Attempt attempt, int status, String errorCode, Usage used, long costMicros) {
        exchange.costMicros = costMicros;
        if (status / 100 == 2 || status == 499) billing.settle(exchange, exchange.costMicros);
        else billing.release(exchange);
        exchange.finished(status, errorCode, used);
    }

    private static void stamp(HttpServerResponse out, ChatExchange exchange, Attempt attempt) {
        out.putHeader(ReplyHeaders.REQUEST_ID, exchange.id);
        out.putHeader(ReplyHeaders.BILLING, attempt.billing().wireName());
    }

    private static void copyContentType(HttpClientResponse from, HttpServerResponse to) {
        String contentType = from.getHeader(HttpHeaders.CONTENT_TYPE);
        if (contentType != null) to.putHeader(HttpHeaders.CONTENT_TYPE, contentType);
        ReplyHeaders.copyUpstreamRequestId(from, to);
    }

    /** One streamed answer: held until real content, then relayed event by event. */
    private final class StreamRelay {
        private final RoutingContext ctx;
        private final ChatExchange exchange;
        private final Attempt attempt;
        private final HttpClientResponse response;
        private final Deadline deadline;
        private final Promise<Failover.Result> result;
        private final HttpServerResponse out;
        private final SseParser parser = new SseParser();
        private final StreamWatch watch;
        private final List<Buffer> held = new ArrayList<>();
        private boolean committed;
        private boolean finished;
        /** The usage last annotated and its cost, so the bill at the end does not price it again. */
        private Usage priced;
        private long pricedMicros;

        StreamRelay(RoutingContext ctx, ChatExchange exchange, Attempt attempt, HttpClientResponse response, Deadline deadline,
                    Promise<Failover.Result> result, StreamWatch watch) {
            this.ctx = ctx;
            this.exchange = exchange;
            this.attempt = attempt;
            this.response = response;
            this.deadline = deadline;
            this.result = result;
            this.out = ctx.response();
            this.watch = watch;
        }

        void start() {
            response.handler(this::onChunk);
            response.exceptionHandler(this::onFailure);
            response.endHandler(v -> onEnd());
        }

        private void onChunk(Buffer chunk) {
            if (finished) return;
            // The events of one upstream read leave in one write: one system call per read, not per event.
            Buffer relay = null;
            for (SseEvent event : parser.feed(chunk.getBytes())) {
                Buffer raw = watch.relayed(event, this::annotate);
                if (committed) {
                    if (raw != null) relay = relay == null ? raw : relay.appendBuffer(raw);
                    continue;
                }
                if (raw != null) held.add(raw);
                switch (watch.start(event)) {
                    case CONTENT -> commit();
                    case ERROR -> {
                        abandon(new UpstreamFailure.Transient(0, "error event before content"));
                        return;
                    }
                    case NOTHING_YET -> { }
                }
            }
            if (relay != null && !finished) out.write(relay);
            if (committed && out.writeQueueFull()) {
                response.pause();
                out.drainHandler(v -> response.resume());
            }
        }

        /** The upstream has produced content: from here on the client sees the stream, and there is no going back. */
        private void commit() {
            deadline.disarm();
            if (result.future().isComplete()) { // timed out an instant ago; the reset is on its way
                finished = true;
                return;
            }
            committed = true;
            if (out.closed()) {
                finished = true;
                response.request().reset();
                result.tryComplete(new Failover.Result.Delivered(true));
                finish(499, "client_closed");
                return;
            }
            exchange.markFirstByte();
            copyContentType(response, out);
            stamp(out, exchange, attempt);
            out.setStatusCode(200).setChunked(true)
                    .putHeader(HttpHeaders.CONTENT_TYPE, EVENT_STREAM)
                    .putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE);
            Buffer first = Buffer.buffer();
            held.forEach(first::appendBuffer);
            held.clear();
            if (first.length() > 0) out.write(first);
            out.closeHandler(v -> {
                if (finished) return;
                finished = true;
                response.request().reset();
                finish(499, "client_closed");
            });
            result.tryComplete(new Failover.Result.Delivered(true));
        }

        private void abandon(UpstreamFailure failure) {
            finished = true;
            deadline.disarm();
            held.clear();
            response.request().reset();
            result.tryComplete(new Failover.Result.Failed(failure, null));
        }

        private void onFailure(Throwable failure) {
            if (finished) return;
            if (!committed) {
                finished = true;
                deadline.disarm();
                result.tryFail(failure);
                return;
            }
            broken("upstream_stream_failed", "the upstream stream failed before it finished");
        }

        private void onEnd() {
            if (finished) return;
            if (!committed) {
                abandon(new UpstreamFailure.Transient(0, "stream ended before content"));
                return;
            }
            if (watch.completed()) {
                finished = true;
                out.end();
                finish(200, null);
            } else {
                broken("upstream_stream_incomplete", "the upstream stream ended before it finished");
            }
        }

        /** After the client saw content: end with an error event, mark the key, and do not bill it as served. */
        private void broken(String code, String message) {
            finished = true;
            if (!out.ended() && !out.closed()) {
                Buffer error = watch.errorEvent(code, message);
                if (error.length() > 0) out.write(error);
                out.end();
            }
            String consequence = health.onFailure(attempt.key(), attempt.model().upstreamModel(),
                    new UpstreamFailure.Transient(0, "stream broke"));
            exchange.log.amendLast("ok, then the stream broke (" + consequence + ")");
            LOG.info("request {}: {} stream broke on key '{}'", exchange.id, attempt.model().provider().id(), attempt.shownAlias());
            finish(502, code);
        }

        /** A usage object the client sees also says what the request cost and who paid, as OpenRouter's do. */
        private void annotate(JsonNode usage, Usage reported) {
            ChatBilling.annotate(usage, attempt, costMicros(reported));
        }

        private void finish(int status, String errorCode) {
            Usage used = watch.usage();
            OpenAiRelay.this.finish(exchange, attempt, status, errorCode, used, costMicros(used));
        }

        private long costMicros(Usage used) {
            if (!Objects.equals(used, priced)) {
                pricedMicros = billing.costMicros(attempt, used);
                priced = used;
            }
            return pricedMicros;
        }
    }
}
