package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.StreamFraming;
import dev.anyrouter.providers.UpstreamCall;
import dev.anyrouter.providers.UpstreamTarget;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;

/**
 * An attempt on an upstream of the client's own wire: the client's JSON goes with only
 * {@code model} rewritten, and the answer comes back as the upstream wrote it, a usage object
 * annotated with its cost where the wire does that.
 */
record PassedThrough(Passthrough wire, ClientRequest request, UpstreamCall call, StreamFraming framing) implements Answering {
    static PassedThrough of(Passthrough wire, ClientRequest request, UpstreamTarget target, String upstreamModel,
                            StreamFraming framing) {
        UpstreamCall call = wire.call(target, request.forUpstream(upstreamModel), request.stream());
        return new PassedThrough(wire, request, call, framing);
    }

    @Override
    public Outcome.Served json(HttpClientResponse response, Buffer body, Reply reply, long sentNanos) {
        long arrived = System.nanoTime();
        RelayedAnswer answer = RelayedAnswer.of(body, wire, reply.costs());
        ReplyHeaders.passedThrough(response, reply);
        reply.out().setStatusCode(response.statusCode()).end(answer.body());
        return new Outcome.Served(Outcome.Ending.ANSWERED, response.statusCode(), null, answer.usage(), answer.body().length(),
                new Outcome.Timings(sentNanos, arrived, System.nanoTime()));
    }

    @Override
    public StreamWatch watch() {
        return wire.watch(request);
    }

    @Override
    public void headers(HttpClientResponse from, Reply reply) {
        ReplyHeaders.passedThrough(from, reply);
    }
}
