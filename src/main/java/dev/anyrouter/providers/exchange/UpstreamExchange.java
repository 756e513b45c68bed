package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.providers.AnswerBodies;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.RateLimitHeaders;
import dev.anyrouter.providers.RateLimits;
import dev.anyrouter.providers.UpstreamClient;
import dev.anyrouter.providers.UpstreamTarget;
import dev.anyrouter.providers.UpstreamCall;
import dev.anyrouter.providers.Wire;
import dev.anyrouter.providers.cloud.CredentialException;
import dev.anyrouter.providers.cloud.CloudCredentials;
import dev.anyrouter.providers.cloud.TokenRefusedException;
import dev.anyrouter.protocol.Json;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One attempt on one key, whatever the wires: the request is built (passed through as the client
 * wrote it, or translated, as the upstream wire's {@link WireExchange} says), authorized (signed,
 * or given a minted token: a 401 on a minted token renews it once), sent on the one upstream
 * client, held to the first-byte deadline, and its answer relayed to the client by one
 * relay for passed-through and translated answers alike: a whole answer once read, a stream once it
 * shows real content. The attempt ends with an {@link Outcome}; this class never touches billing,
 * usage or key health.
 *
 * <p>What an answer can make the gateway hold is bounded ({@link Bounds}): a whole answer is read up
 * to a size (a larger one is reset, and the attempt not served), and the first-byte deadline runs
 * until a whole answer has been read, so one that stalls or drips after its headers is given up
 * like one that never answered; a stream's events and what is held of it before content have
 * bounds of their own ({@link StreamRelay}).
 */
public final class UpstreamExchange implements AttemptExchange {
    /**
     * What one attempt may make the gateway hold of an upstream's answer.
     *
     * @param requestBytes largest request body sent upstream: the client's body is held to the same
     *     limit when it arrives, and a translation (or a passed-through body's spliced fields) must not
     *     make it larger than a client could have sent
     * @param answerBytes largest answer read whole (a JSON answer, an error answer, count_tokens)
     * @param eventBytes largest event of a stream
     * @param heldBytes most bytes of a stream held before its first content
     */
    public record Bounds(long requestBytes, long answerBytes, int eventBytes, long heldBytes) {
        public Bounds {
            if (requestBytes < 1 || answerBytes < 1 || eventBytes < 1 || heldBytes < 1) {
                throw new IllegalArgumentException("bounds must be positive");
            }
        }
    }

    private final Vertx vertx;
    private final UpstreamClient upstream;
    private final Map<Wire, WireExchange> wires;
    private final Duration firstByteTimeout;
    private final Bounds bounds;
    private final Clock clock;
    /** The event loops attempts were made on, each with its deadlines and open attempts. */
    private final List<Loop> loops = new CopyOnWriteArrayList<>();
    private volatile boolean stopped;

    /** What attempts on one event loop share; touched only on that loop. */
    private record Loop(Context context, FirstByteDeadlines deadlines, OpenAttempts open) {}

    /**
     * @param firstByteTimeout how long an attempt may take to its answer (for a whole answer: all of
     *     it; for a stream: its first content)
     * @param clock the creation time a translated answer states
     * @param clouds the clouds' structured credentials, opened, and their tokens
     */
    public UpstreamExchange(Vertx vertx, UpstreamClient upstream, Duration firstByteTimeout, Bounds bounds, Clock clock,
                            CloudCredentials clouds) {
        this.vertx = vertx;
        this.upstream = upstream;
        this.wires = WireExchange.all(clouds);
        this.firstByteTimeout = firstByteTimeout;
        this.bounds = bounds;
        this.clock = clock;
    }

    /**
     * Whether a client of {@code endpoint} is passed through to {@code provider} as it is (else its
     * request is translated): the one place that is decided.
     */
    @Override
    public boolean passesThrough(ClientEndpoint endpoint, Provider provider, String upstreamModel) {
        return wire(provider).passesThrough(endpoint, provider, upstreamModel);
    }

    /**
     * Makes one attempt and completes once its answer has reached the client whole (or as far as
     * it went), or once it is known that nothing will. Throws
     * {@link dev.anyrouter.protocol.UnsupportedFieldException} when the request cannot be carried
     * to this upstream's wire, before anything is sent.
     *
     * @param upstreamModel the model id the upstream knows
     */
    @Override
    public Future<Outcome> attempt(UpstreamTarget target, String upstreamModel, ClientSide client, Reply reply) {
        if (stopped) return Future.failedFuture(NodeDraining.exception());
        Provider provider = target.provider();
        WireExchange wire = wire(provider);
        Answering answering = wire.passesThrough(client.endpoint(), provider, upstreamModel)
                ? PassedThrough.of(wire.passthrough(client.endpoint(), client.request(), client.header()), client.request(), target,
                        upstreamModel, wire.bodyModel(target, upstreamModel), wire.framing(bounds.eventBytes()))
                : Translated.of(wire, target, upstreamModel, client, reply.requestId(), wire.framing(bounds.eventBytes()), clock);
        withinRequestBound(answering.call(), provider);
        boolean stream = client.request().stream();
        long sent = System.nanoTime();
        Promise<Outcome> result = Promise.promise();
        AttemptDeadline<Outcome> deadline = deadline(result, UpstreamExchange::late);
        RateLimitHeaders limits = provider.rateLimitHeaders();
        RateLimits[] said = limits == null ? null : new RateLimits[] {RateLimits.NONE};
        LiveAttempt live = open(loop(), result, deadline);
        send(wire, target, upstreamModel, answering.call(), deadline).onComplete(done -> {
            if (done.failed()) {
                deadline.disarm();
                result.tryComplete(new Outcome.NotServed(unsent(done.cause())));
                return;
            }
            HttpClientResponse response = done.result();
            if (said != null) said[0] = limits.read(response::getHeader, clock.instant());
            if (!deadline.watch(response)) return;
            if (response.statusCode() / 100 != 2) {
                // An error's body only says why: one too large to read is told by its status alone.
                read(response, deadline, result, body -> new Outcome.NotServed(
                        new Outcome.ErrorAnswer(response.statusCode(), response::getHeader, body.getBytes())),
                        () -> new Outcome.NotServed(new Outcome.ErrorAnswer(response.statusCode(), response::getHeader, new byte[0])));
            } else if (!stream) {
                read(response, deadline, result, body -> answering.json(response, body, reply, sent),
                        () -> new Outcome.NotServed(new Outcome.NoContent("an answer over " + bounds.answerBytes() + " bytes")));
            } else {
                StreamRelay relay = new StreamRelay(response, reply, answering, deadline, result, sent, target.credential(),
                        bounds.heldBytes());
                if (live != null) live.relayedBy(relay);
                relay.start();
            }
        });
        // Only a provider whose headers are read pays for carrying them (an error answer keeps its own headers).
        if (said == null) return result.future();
        return result.future().map(outcome -> outcome instanceof Outcome.Served served ? served.withRateLimits(said[0]) : outcome);
    }

    /** A whole answer's attempt given up at the deadline: not served, so the next key may serve. */
    private static Outcome late(TimeoutException timedOut) {
        return new Outcome.NotServed(new Outcome.NoAnswer(timedOut));
    }

    /**
     * Anthropic's {@code count_tokens} for {@code request}, where the upstream's wire has it: the
     * upstream's status and body (a failed future when it could not be reached, or did not answer
     * whole within the first-byte deadline, or answered more than the answer bound).
     */
    public Optional<Future<CountedTokens>> countTokens(UpstreamTarget target, String upstreamModel, ClientRequest request,
                                                      Function<String, String> clientHeader) {
        WireExchange wire = wire(target.provider());
        return wire.countTokens(target, request.forUpstream(upstreamModel), request, clientHeader)
                .map(call -> withinRequestBound(call, target.provider()))
                .map(call -> counted(wire, target, upstreamModel, call));
    }

    /**
     * A count_tokens answer, read whole like a JSON answer: within the answer bound and under the
     * first-byte deadline to its last byte, so one that hangs or drips is given up (and its
     * connection reset) at the deadline; it fails with a {@link TimeoutException} then.
     */
    private Future<CountedTokens> counted(WireExchange wire, UpstreamTarget target, String model, UpstreamCall call) {
        Promise<CountedTokens> counted = Promise.promise();
        AttemptDeadline<CountedTokens> deadline = deadline(counted, null);
        send(wire, target, model, call, deadline).onComplete(sent -> {
            if (sent.failed()) {
                deadline.disarm();
                counted.tryFail(sent.cause());
                return;
            }
            HttpClientResponse response = sent.result();
            if (!deadline.watch(response)) return;
            AnswerBodies.read(response, bounds.answerBytes()).onComplete(body -> {
                deadline.disarm();
                if (body.succeeded()) {
                    counted.tryComplete(new CountedTokens(response.statusCode(), body.result()));
                } else {
                    counted.tryFail(body.cause() instanceof AnswerBodies.AnswerTooLargeException
                            ? new ApiException(ApiError.badGateway("upstream_answer_too_large", target.provider().name()
                                    + " answered count_tokens with more than " + bounds.answerBytes() + " bytes"))
                            : body.cause());
                }
            });
        });
        return counted.future();
    }

    /**
     * Authorizes and sends a call, handing its request to the deadline as it goes out. A 401 to a
     * minted token is worth one more try with a fresh one (revoked, or expired early); a second 401
     * goes to routing, which quarantines the key.
     */
    private Future<HttpClientResponse> send(WireExchange wire, UpstreamTarget target, String model, UpstreamCall call,
                                            AttemptDeadline<?> deadline) {
        return wire.authorize(target, model, call).compose(signed -> upstream.send(signed, deadline).compose(response -> {
            if (response.statusCode() != 401 || !wire.renew(target, model, signed)) return Future.succeededFuture(response);
            // The refusal's body only says why: read within the answer bound, as any error's is.
            return AnswerBodies.read(response, bounds.answerBytes())
                    .transform(drained -> wire.authorize(target, model, call).compose(again -> upstream.send(again, deadline)));
        }));
    }

    /**
     * Why a call was not answered: a credential its token endpoint refused, or that cannot be read,
     * is the key's fault as a 401 is (routing quarantines it); anything else is no answer at all.
     */
    private static Outcome.Cause unsent(Throwable failure) {
        if (failure instanceof TokenRefusedException || failure instanceof CredentialException) {
            byte[] body = Json.bytes(Json.object().set("error", Json.object().put("code", "credential_refused")
                    .put("message", failure.getMessage())));
            return new Outcome.ErrorAnswer(401, name -> null, body);
        }
        return new Outcome.NoAnswer(failure);
    }

    /**
     * Refuses, before anything is sent, a call whose body is over the request bound: a client's
     * body within the limit may grow when written in another wire (or given the fields a
     * passed-through body is spliced with), and the limit is on what the gateway sends as much as on
     * what it reads.
     */
    private UpstreamCall withinRequestBound(UpstreamCall call, Provider provider) {
        long size = call.body() == null ? 0 : call.body().length();
        if (size > bounds.requestBytes()) {
            throw new ApiException(new ApiError(413, "invalid_request_error", "request_too_large",
                    "the request, written for " + provider.name() + ", is " + size + " bytes, over this server's limit of "
                            + bounds.requestBytes() + " bytes; shorten it (fewer or smaller messages, images or tools)"));
        }
        return call;
    }

    /** What an upstream answered to count_tokens. */
    public record CountedTokens(int status, Buffer body) {}

    private WireExchange wire(Provider provider) {
        return wires.get(provider.wire());
    }

    /**
     * Reads a whole answer within the answer bound, the deadline still running (it resets an answer
     * that stalls or drips past it); {@code tooLarge} is the outcome of one over the bound, which
     * has been reset.
     */
    private void read(HttpClientResponse response, AttemptDeadline<Outcome> deadline, Promise<Outcome> result,
                      Function<Buffer, Outcome> then, Supplier<Outcome> tooLarge) {
        AnswerBodies.read(response, bounds.answerBytes()).onComplete(body -> {
            deadline.disarm();
            if (result.future().isComplete()) return; // the deadline gave the attempt up
            if (body.succeeded()) result.tryComplete(then.apply(body.result()));
            else if (body.cause() instanceof AnswerBodies.AnswerTooLargeException) result.tryComplete(tooLarge.get());
            else result.tryComplete(new Outcome.NotServed(new Outcome.NoAnswer(body.cause())));
        });
    }

    /**
     * Stops the node's attempts: none is made from now on (each fails with {@link NodeDraining}), and
     * every open one is ended on its own event loop, in its client's wire. Completes once every loop
     * has done so.
     */
    public Future<Void> stop() {
        stopped = true;
        List<Future<Void>> stopping = new ArrayList<>();
        for (Loop loop : loops) {
            Promise<Void> done = Promise.promise();
            loop.context().runOnContext(v -> {
                loop.open().stopAll();
                done.complete();
            });
            stopping.add(done.future());
        }
        return Future.all(stopping).mapEmpty();
    }

    /**
     * The attempt, among the open ones of its loop until its outcome is known; null off an event
     * loop (only tests make attempts there, and nothing stops them).
     */
    private static LiveAttempt open(Loop loop, Promise<Outcome> result, AttemptDeadline<Outcome> deadline) {
        if (loop == null) return null;
        LiveAttempt live = new LiveAttempt(result, deadline);
        loop.open().add(live);
        result.future().onComplete(done -> live.closed());
        return live;
    }

    /** What attempts on the event loop this runs on share (made on its first attempt); null off an event loop. */
    private Loop loop() {
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext() || !Context.isOnEventLoopThread()) return null;
        Loop loop = context.get(this);
        if (loop == null) {
            loop = new Loop(context, FirstByteDeadlines.onLoop(vertx, firstByteTimeout), new OpenAttempts());
            context.put(this, loop);
            loops.add(loop);
        }
        return loop;
    }

    /**
     * The attempt's deadline, in the deadlines of the event loop it runs on (made on its first
     * attempt); {@code late} is what {@code result} ends with at the deadline (null: the timeout).
     */
    private <T> AttemptDeadline<T> deadline(Promise<T> result, Function<TimeoutException, T> late) {
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext() || !Context.isOnEventLoopThread()) {
            return new AttemptDeadline<>(vertx, null, firstByteTimeout, result, late);
        }
        return new AttemptDeadline<>(vertx, loop().deadlines(), firstByteTimeout, result, late);
    }
}
