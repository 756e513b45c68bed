package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.UpstreamClient;
import dev.anyrouter.providers.UpstreamTarget;
import dev.anyrouter.providers.Wire;
import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * One attempt on one key, whatever the wires: the request is built (passed through as the client
 * wrote it, or translated, as the upstream wire's {@link WireExchange} says), sent on the one
 * upstream client, held to the first-byte deadline, and its answer relayed to the client by one
 * relay for passed-through and translated answers alike: a whole answer once read, a stream once it
 * shows real content. The attempt ends with an {@link Outcome}; this class never touches billing,
 * usage or key health.
 */
public final class UpstreamExchange implements AttemptExchange {
    private final Vertx vertx;
    private final UpstreamClient upstream;
    private final Map<Wire, WireExchange> wires;
    private final Duration firstByteTimeout;
    private final Clock clock;

    /**
     * @param firstByteTimeout how long an attempt may take to its answer (for a stream: its first content)
     * @param clock the creation time a translated answer states
     */
    public UpstreamExchange(Vertx vertx, UpstreamClient upstream, Duration firstByteTimeout, Clock clock) {
        this.vertx = vertx;
        this.upstream = upstream;
        this.wires = WireExchange.all();
        this.firstByteTimeout = firstByteTimeout;
        this.clock = clock;
    }

    /**
     * Whether a client of {@code endpoint} is passed through to {@code provider} as it is (else its
     * request is translated): the one place that is decided.
     */
    @Override
    public boolean passesThrough(ClientEndpoint endpoint, Provider provider) {
        return wire(provider).passesThrough(endpoint, provider);
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
        Provider provider = target.provider();
        WireExchange wire = wire(provider);
        Answering answering = wire.passesThrough(client.endpoint(), provider)
                ? PassedThrough.of(wire.passthrough(client.endpoint(), client.request(), client.header()), client.request(), target,
                        upstreamModel, wire.framing())
                : Translated.of(wire, target, upstreamModel, client, reply.requestId(), clock);
        boolean stream = client.request().stream();
        long sent = System.nanoTime();
        Promise<Outcome> result = Promise.promise();
        AttemptDeadline deadline = deadline(result);
        upstream.send(answering.call()).onComplete(done -> {
            if (done.failed()) {
                deadline.disarm();
                result.tryComplete(new Outcome.NotServed(new Outcome.NoAnswer(done.cause())));
                return;
            }
            HttpClientResponse response = done.result();
            if (!deadline.watch(response)) return;
            if (response.statusCode() / 100 != 2) {
                deadline.disarm();
                read(response, result, body -> new Outcome.NotServed(
                        new Outcome.ErrorAnswer(response.statusCode(), response::getHeader, body.getBytes())));
            } else if (!stream) {
                deadline.disarm();
                read(response, result, body -> answering.json(response, body, reply, sent));
            } else {
                new StreamRelay(response, reply, answering, deadline, result, sent).start();
            }
        });
        return result.future();
    }

    /**
     * Anthropic's {@code count_tokens} for {@code request}, where the upstream's wire has it: the
     * upstream's status and body (a failed future when it could not be reached).
     */
    public Optional<Future<CountedTokens>> countTokens(UpstreamTarget target, String upstreamModel, ClientRequest request,
                                                      Function<String, String> clientHeader) {
        return wire(target.provider()).countTokens(target, request.forUpstream(upstreamModel), request, clientHeader)
                .map(call -> upstream.send(call).compose(response -> response.body()
                        .map(body -> new CountedTokens(response.statusCode(), body))));
    }

    /** What an upstream answered to count_tokens. */
    public record CountedTokens(int status, Buffer body) {}

    private WireExchange wire(Provider provider) {
        return wires.get(provider.wire());
    }

    private static void read(HttpClientResponse response, Promise<Outcome> result, Function<Buffer, Outcome> then) {
        response.body().onComplete(body -> {
            if (body.failed()) result.tryComplete(new Outcome.NotServed(new Outcome.NoAnswer(body.cause())));
            else result.tryComplete(then.apply(body.result()));
        });
    }

    /** The attempt's deadline, in the deadlines of the event loop it runs on (made on its first attempt). */
    private AttemptDeadline deadline(Promise<Outcome> result) {
        Context context = Vertx.currentContext();
        if (context == null || !context.isEventLoopContext() || !Context.isOnEventLoopThread()) {
            return new AttemptDeadline(vertx, null, firstByteTimeout, result);
        }
        FirstByteDeadlines deadlines = context.get(this);
        if (deadlines == null) {
            deadlines = FirstByteDeadlines.onLoop(vertx, firstByteTimeout);
            context.put(this, deadlines);
        }
        return new AttemptDeadline(vertx, deadlines, firstByteTimeout, result);
    }
}
