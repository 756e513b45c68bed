package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.EncodedRequest;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.ModelReply;
import dev.anyrouter.protocol.ModelRequest;
import dev.anyrouter.protocol.StreamFraming;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.UpstreamCodec;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.UpstreamCall;
import dev.anyrouter.providers.UpstreamTarget;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

/**
 * An attempt whose upstream speaks another wire than the client: the client's request, in the
 * neutral model, is encoded for the upstream (refusing what cannot be carried, listing in
 * {@code x-anyrouter-dropped-params} the hints that were dropped), and the answer, whole or event by
 * event, is translated back.
 */
record Translated(UpstreamCodec upstream, Translation client, ModelRequest request, boolean clientWantsUsage,
                  List<String> dropped, UpstreamCall call, StreamFraming framing, String fallbackId, String model,
                  Clock clock) implements Answering {
    static Translated of(WireExchange wire, UpstreamTarget target, String upstreamModel, ClientSide side, String requestId,
                         StreamFraming framing, Clock clock) {
        Translation client = side.translation() != null ? side.translation()
                : side.endpoint().translation(side.request(), side.header());
        Provider provider = target.provider();
        ModelRequest request = client.request().withModel(wire.bodyModel(target, upstreamModel));
        UpstreamCodec codec = wire.codec(provider, upstreamModel);
        EncodedRequest encoded = codec.encodeRequest(request);
        List<String> dropped = new ArrayList<>(request.dropped());
        encoded.dropped().forEach(d -> { if (!dropped.contains(d)) dropped.add(d); });
        UpstreamCall call = wire.call(target, upstreamModel, Json.bytes(encoded.body()), request.stream());
        return new Translated(codec, client, request, side.request().clientWantsUsage(), List.copyOf(dropped), call,
                framing, client.idPrefix() + requestId.replace("-", ""), upstreamModel, clock);
    }

    @Override
    public Outcome json(HttpClientResponse response, Buffer body, Reply reply, long sentNanos) {
        long arrived = System.nanoTime();
        ModelReply decoded;
        try {
            decoded = upstream.decodeReply(Json.parse(body.getBytes()));
        } catch (MalformedJsonException e) {
            return new Outcome.NotServed(new Outcome.NoContent(Answering.NOT_JSON));
        }
        decoded = withFallbacks(decoded);
        ReplyHeaders.translated(response, reply, dropped);
        Buffer json = Buffer.buffer(Json.bytes(client.codec().encodeReply(decoded, clock.instant().getEpochSecond())));
        reply.out().setStatusCode(200).putHeader("content-type", "application/json").end(json);
        Usage used = decoded.usage() == null ? Usage.NONE : decoded.usage();
        return new Outcome.Served(Outcome.Ending.ANSWERED, 200, null, used, json.length(),
                new Outcome.Timings(sentNanos, arrived, System.nanoTime()), used == Usage.NONE ? PassedThrough.generatedChars(json) : 0,
                used != Usage.NONE);
    }

    @Override
    public StreamWatch watch() {
        return new TranslatedEvents(upstream.streamDecoder(),
                client.codec().streamEncoder(clock.instant().getEpochSecond(), clientWantsUsage), fallbackId, model);
    }

    @Override
    public void headers(HttpClientResponse from, Reply reply) {
        ReplyHeaders.translated(from, reply, dropped);
    }

    /** Some upstreams leave out the id or model; the client's wire expects both. */
    private ModelReply withFallbacks(ModelReply reply) {
        if (reply.id() != null && reply.model() != null) return reply;
        return new ModelReply(reply.id() != null ? reply.id() : fallbackId, reply.model() != null ? reply.model() : model,
                reply.content(), reply.stopReason(), reply.stopSequence(), reply.usage());
    }
}
