package dev.anyrouter.inference;

import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ClientCodec;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.protocol.EncodedRequest;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.ModelReply;
import dev.anyrouter.protocol.ModelRequest;
import dev.anyrouter.protocol.WireCodec;
import dev.anyrouter.protocol.anthropic.AnthropicCodec;
import dev.anyrouter.protocol.gemini.GeminiCodec;
import dev.anyrouter.protocol.openai.OpenAiCodec;
import dev.anyrouter.providers.AnthropicAdapter;
import dev.anyrouter.providers.GeminiAdapter;
import dev.anyrouter.providers.OpenAiAdapter;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.UpstreamCall;
import dev.anyrouter.providers.UpstreamClient;
import dev.anyrouter.providers.exchange.ClientWire;
import dev.anyrouter.providers.exchange.StreamRelay;
import dev.anyrouter.providers.exchange.TranslatedEvents;
import dev.anyrouter.routing.Attempt;
import dev.anyrouter.usage.UsageWriter;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * The forward step of one attempt whose upstream speaks another wire than the client: the
 * client's request is decoded into the neutral model, encoded for the upstream (refusing with a
 * 400 what cannot be carried, listing in {@code x-anyrouter-dropped-params} the hints that were
 * dropped), and the answer (JSON or stream, event by event) is translated back. Same-wire
 * requests never come here: they stay a pass-through of the client's JSON.
 */
final class WireBridge {
    private static final AnthropicCodec ANTHROPIC = new AnthropicCodec();
    private static final GeminiCodec GEMINI = new GeminiCodec();

    private final UpstreamClient upstream;
    private final UsageWriter usage;
    private final Clock clock;

    WireBridge(UpstreamClient upstream, UsageWriter usage, Clock clock) {
        this.upstream = upstream;
        this.usage = usage;
        this.clock = clock;
    }

    /**
     * The client's side of a translated exchange: its request in the neutral model, the codec that
     * writes its answers, the wire whose error shape it expects, and the prefix of an answer id the
     * upstream left out.
     */
    record Translation(ModelRequest request, ClientCodec codec, ClientWire errors, String idPrefix) {
        /** A client of a wire with a full codec: its request decoded from the JSON tree it sent. */
        static Translation of(ClientWire client, ClientRequest request) {
            return new Translation(client.codec().decodeRequest(request.tree()), client.codec(), client,
                    client == ClientWire.ANTHROPIC ? "msg_" : "chatcmpl-");
        }
    }

    /** Whether an attempt must be translated for a client of this wire. */
    static boolean translates(ClientWire client, Attempt attempt) {
        return client.wire() != attempt.model().provider().wire();
    }

    /**
     * Sends the attempt translated and relays its answer.
     *
     * @param relayError what to do with a non-2xx answer (the handler's error step, in its wire's shape)
     */
    Future<Void> forward(RoutingContext ctx, ChatExchange exchange, Attempt attempt, ClientWire client,
                         Function<HttpClientResponse, Future<Void>> relayError) {
        return forward(ctx, exchange, attempt, Translation.of(client, exchange.request), relayError);
    }

    /** As above, for a client request already decoded (and checked) by its endpoint. */
    Future<Void> forward(RoutingContext ctx, ChatExchange exchange, Attempt attempt, Translation client,
                         Function<HttpClientResponse, Future<Void>> relayError) {
        exchange.attempt = attempt;
        Provider provider = attempt.model().provider();
        ModelRequest request = client.request().withModel(attempt.model().upstreamModel());
        WireCodec target = codecFor(provider);
        EncodedRequest encoded = target.encodeRequest(request);
        List<String> dropped = new ArrayList<>(request.dropped());
        encoded.dropped().forEach(d -> { if (!dropped.contains(d)) dropped.add(d); });
        UpstreamCall call = callFor(attempt, request, Json.bytes(encoded.body()));
        return upstream.send(call).compose(response -> {
            exchange.markFirstByte();
            if (response.statusCode() / 100 != 2) return relayError.apply(response);
            return request.stream()
                    ? relayStream(ctx, exchange, response, client, target, dropped)
                    : relayJson(ctx, exchange, response, client, target, dropped);
        });
    }

    static WireCodec codecFor(Provider provider) {
        return switch (provider.wire()) {
            case OPENAI -> new OpenAiCodec(OpenAiAdapter.dialect(provider));
            case ANTHROPIC -> ANTHROPIC;
            case GEMINI -> GEMINI;
        };
    }

    private static UpstreamCall callFor(Attempt attempt, ModelRequest request, byte[] body) {
        return switch (attempt.model().provider().wire()) {
            case OPENAI -> OpenAiAdapter.chatCompletions(attempt.target(), body, request.stream());
            // The encoder writes the 2023-06-01 shape, which takes every field it may set.
            case ANTHROPIC -> AnthropicAdapter.messages(attempt.target(), body, request.stream(), AnthropicAdapter.VERSION_2023, null);
            case GEMINI -> GeminiAdapter.generateContent(attempt.target(), attempt.model().upstreamModel(), body, request.stream());
        };
    }

    private Future<Void> relayJson(RoutingContext ctx, ChatExchange exchange, HttpClientResponse response, Translation client,
                                   WireCodec target, List<String> dropped) {
        return response.body().compose(body -> {
            HttpServerResponse out = ctx.response();
            ModelReply reply;
            try {
                reply = target.decodeReply(Json.parse(body.getBytes()));
            } catch (MalformedJsonException e) {
                ApiError error = ApiError.badGateway("upstream_malformed", exchange.attempt.model().provider().name()
                        + " answered with a body that is not JSON");
                exchange.finished(502, error.code(), dev.anyrouter.protocol.Usage.NONE);
                client.errors().sendError(out, error);
                return Future.succeededFuture();
            }
            reply = withFallbacks(reply, exchange, client);
            ReplyHeaders.apply(response, out, exchange, dropped);
            exchange.finished(200, null, reply.usage());
            Buffer json = Buffer.buffer(Json.bytes(client.codec().encodeReply(reply, clock.instant().getEpochSecond())));
            return out.setStatusCode(200).putHeader("content-type", "application/json").end(json);
        });
    }

    private Future<Void> relayStream(RoutingContext ctx, ChatExchange exchange, HttpClientResponse response, Translation client,
                                     WireCodec target, List<String> dropped) {
        HttpServerResponse out = ctx.response();
        ReplyHeaders.apply(response, out, exchange, dropped);
        out.setStatusCode(200).setChunked(true)
                .putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-cache");
        TranslatedEvents events = new TranslatedEvents(target.streamDecoder(),
                client.codec().streamEncoder(clock.instant().getEpochSecond(), exchange.request.clientWantsUsage()),
                fallbackId(client, exchange), exchange.attempt.model().upstreamModel());
        StreamRelay.relay(response, out, events,
                outcome -> exchange.finished(outcome.status(), outcome.errorCode(), outcome.usage()));
        return Future.succeededFuture();
    }

    /** Some upstreams leave out the id or model; the client's wire expects both. */
    private static ModelReply withFallbacks(ModelReply reply, ChatExchange exchange, Translation client) {
        if (reply.id() != null && reply.model() != null) return reply;
        return new ModelReply(reply.id() != null ? reply.id() : fallbackId(client, exchange),
                reply.model() != null ? reply.model() : exchange.attempt.model().upstreamModel(),
                reply.content(), reply.stopReason(), reply.stopSequence(), reply.usage());
    }

    private static String fallbackId(Translation client, ChatExchange exchange) {
        return client.idPrefix() + exchange.id.replace("-", "");
    }
}
