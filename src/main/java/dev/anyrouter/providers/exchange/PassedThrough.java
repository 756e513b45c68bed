package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.JsonGlance;
import dev.anyrouter.protocol.Usage;
import java.nio.charset.StandardCharsets;
import dev.anyrouter.protocol.StreamFraming;
import dev.anyrouter.protocol.openai.ChatRequest;
import dev.anyrouter.providers.OpenAiAdapter;
import dev.anyrouter.providers.Wire;
import dev.anyrouter.providers.UpstreamCall;
import dev.anyrouter.providers.UpstreamTarget;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.util.List;

/**
 * An attempt on an upstream of the client's own wire: the client's JSON goes with only
 * {@code model} rewritten, and the answer comes back as the upstream wrote it, a usage object
 * annotated with its cost where the wire does that.
 */
record PassedThrough(Passthrough wire, ClientRequest request, UpstreamCall call, StreamFraming framing, List<String> dropped)
        implements Answering {
    /**
     * The attempt's call: a Chat Completions request is also shaped by the upstream's dialect (its
     * catalog quirks), and what that removed is named in the reply.
     */
    static PassedThrough of(Passthrough wire, ClientRequest request, UpstreamTarget target, String upstreamModel, String bodyModel,
                            StreamFraming framing) {
        if (request instanceof ChatRequest chat && target.provider().wire() == Wire.OPENAI) {
            ChatRequest.ForUpstream shaped = chat.forUpstream(bodyModel, OpenAiAdapter.dialect(target.provider()));
            return new PassedThrough(wire, request, wire.call(target, upstreamModel, shaped.body(), request.stream()), framing, shaped.dropped());
        }
        UpstreamCall call = wire.call(target, upstreamModel, request.forUpstream(bodyModel), request.stream());
        return new PassedThrough(wire, request, call, framing, List.of());
    }

    @Override
    public Outcome json(HttpClientResponse response, Buffer body, Reply reply, long sentNanos) {
        long arrived = System.nanoTime();
        RelayedAnswer answer = RelayedAnswer.of(body, wire, reply.costs());
        if (!answer.wellFormed()) return new Outcome.NotServed(new Outcome.NoContent(NOT_JSON));
        ReplyHeaders.passedThrough(response, reply, dropped);
        reply.out().setStatusCode(response.statusCode()).end(answer.body());
        return new Outcome.Served(Outcome.Ending.ANSWERED, response.statusCode(), null, answer.usage(), answer.body().length(),
                new Outcome.Timings(sentNanos, arrived, System.nanoTime()), answer.usage() == Usage.NONE ? generatedChars(body) : 0,
                answer.usage() != Usage.NONE);
    }

    /** The generated text of a whole answer that states no usage (rare, so read as text rather than parsed on every answer). */
    static long generatedChars(Buffer body) {
        return JsonGlance.at(body.toString(StandardCharsets.UTF_8)).stringChars("content", "text", "arguments", "reasoning_content",
                "refusal", "thinking");
    }

    @Override
    public StreamWatch watch() {
        return wire.watch(request);
    }

    @Override
    public void headers(HttpClientResponse from, Reply reply) {
        ReplyHeaders.passedThrough(from, reply, dropped);
    }
}
