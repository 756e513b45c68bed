package dev.anyrouter.http;

import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.openai.ChatRequest;
import dev.anyrouter.protocol.openai.OpenAiUsage;
import dev.anyrouter.protocol.openai.StreamMonitor;
import dev.anyrouter.protocol.sse.SseEvent;
import dev.anyrouter.protocol.sse.SseParser;
import dev.anyrouter.providers.OpenAiAdapter;
import dev.anyrouter.providers.UpstreamClient;
import dev.anyrouter.routing.Attempt;
import dev.anyrouter.routing.ModelRef;
import dev.anyrouter.routing.Plan;
import dev.anyrouter.routing.RoutePlanner;
import dev.anyrouter.usage.UsageWriter;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code POST /api/v1/chat/completions}, as one pipeline of named steps: authenticate, parse,
 * plan, forward, relay (JSON or SSE), record usage. Same wire in and out: the client's JSON is
 * forwarded with only {@code model} rewritten, and a stream is relayed event by event as it
 * arrives.
 */
final class ChatCompletionsHandler implements Handler<RoutingContext> {
    private static final Logger LOG = LoggerFactory.getLogger(ChatCompletionsHandler.class);

    private final Authenticator auth;
    private final RoutePlanner planner;
    private final UpstreamClient upstream;
    private final WireBridge bridge;
    private final UsageWriter usage;
    private final Blocking blocking;
    private final Clock clock;

    ChatCompletionsHandler(Authenticator auth, RoutePlanner planner, UpstreamClient upstream, WireBridge bridge,
                           UsageWriter usage, Blocking blocking, Clock clock) {
        this.auth = auth;
        this.planner = planner;
        this.upstream = upstream;
        this.bridge = bridge;
        this.usage = usage;
        this.blocking = blocking;
        this.clock = clock;
    }

    @Override
    public void handle(RoutingContext ctx) {
        var request = ctx.request();
        ChatExchange exchange = new ChatExchange(clock.instant(), System.nanoTime(),
                request.getHeader("http-referer"), request.getHeader("x-title"));
        auth.apiKey(request)
                .compose(caller -> {
                    exchange.caller = caller;
                    exchange.request = parse(ctx);
                    return plan(exchange);
                })
                .compose(plan -> forward(ctx, exchange, plan.first()))
                .onFailure(failure -> fail(ctx, exchange, failure));
    }

    private static ChatRequest parse(RoutingContext ctx) {
        Buffer body = ctx.body().buffer();
        if (body == null || body.length() == 0) throw new MalformedJsonException("the request body is empty");
        return ChatRequest.parse(body.getBytes());
    }

    private Future<Plan> plan(ChatExchange exchange) {
        ModelRef ref = planner.place(exchange.request.model());
        Caller caller = exchange.caller;
        return planner.cached(caller.accountId(), caller.apiKeyId(), ref)
                .map(Future::succeededFuture)
                .orElseGet(() -> blocking.run(() -> planner.plan(caller.accountId(), caller.apiKeyId(), ref)));
    }

    private Future<Void> forward(RoutingContext ctx, ChatExchange exchange, Attempt attempt) {
        exchange.attempt = attempt;
        if (WireBridge.translates(ClientWire.OPENAI, attempt)) {
            return bridge.forward(ctx, exchange, attempt, ClientWire.OPENAI, response -> relayError(ctx, exchange, response));
        }
        boolean stream = exchange.request.stream();
        byte[] body = exchange.request.forUpstream(attempt.model().upstreamModel());
        return upstream.send(OpenAiAdapter.chatCompletions(attempt.target(), body, stream)).compose(response -> {
            exchange.markFirstByte();
            if (response.statusCode() / 100 != 2) return relayError(ctx, exchange, response);
            return stream ? relayStream(ctx, exchange, response) : relayJson(ctx, exchange, response);
        });
    }

    private Future<Void> relayJson(RoutingContext ctx, ChatExchange exchange, HttpClientResponse response) {
        return response.body().compose(body -> {
            Usage reported = null;
            try {
                reported = OpenAiUsage.from(Json.parse(body.getBytes()));
            } catch (MalformedJsonException ignored) {
                // Relayed as the upstream sent it; only the usage is unknown.
            }
            HttpServerResponse out = ctx.response();
            copyResponseHeaders(response, out, exchange);
            usage.record(exchange.toUsage(response.statusCode(), null, reported == null ? Usage.NONE : reported));
            return out.setStatusCode(response.statusCode()).end(body);
        });
    }

    private Future<Void> relayStream(RoutingContext ctx, ChatExchange exchange, HttpClientResponse response) {
        HttpServerResponse out = ctx.response();
        copyResponseHeaders(response, out, exchange);
        out.setStatusCode(200).setChunked(true)
                .putHeader("content-type", "text/event-stream")
                .putHeader("cache-control", "no-cache");
        SseParser parser = new SseParser();
        StreamMonitor monitor = new StreamMonitor(exchange.request.clientWantsUsage());
        var finished = new boolean[1];
        out.closeHandler(v -> {
            if (finished[0]) return;
            finished[0] = true;
            response.request().reset();
            usage.record(exchange.toUsage(499, "client_closed", monitor.usage()));
        });
        response.handler(chunk -> {
            for (SseEvent event : parser.feed(chunk.getBytes())) {
                if (monitor.accept(event)) out.write(Buffer.buffer(event.raw()));
            }
            if (out.writeQueueFull()) {
                response.pause();
                out.drainHandler(v -> response.resume());
            }
        });
        response.exceptionHandler(failure -> {
            if (finished[0]) return;
            finished[0] = true;
            endStreamWithError(out, "upstream_stream_failed", "the upstream stream failed before it finished");
            usage.record(exchange.toUsage(502, "upstream_stream_failed", monitor.usage()));
        });
        response.endHandler(v -> {
            if (finished[0]) return;
            finished[0] = true;
            if (monitor.completed()) {
                out.end();
                usage.record(exchange.toUsage(200, null, monitor.usage()));
            } else {
                endStreamWithError(out, "upstream_stream_incomplete",
                        "the upstream stream ended before it finished (no finish reason and no [DONE])");
                usage.record(exchange.toUsage(502, "upstream_stream_incomplete", monitor.usage()));
            }
        });
        return Future.succeededFuture();
    }

    /** A stream cannot change its status once started; OpenAI clients read an error event instead. */
    private static void endStreamWithError(HttpServerResponse out, String code, String message) {
        if (out.ended() || out.closed()) return;
        Buffer error = ErrorMapper.openAiBody(new ApiError(502, "upstream_error", code, message));
        out.write(Buffer.buffer("data: ").appendBuffer(error).appendString("\n\n"));
        out.end();
    }

    private Future<Void> relayError(RoutingContext ctx, ChatExchange exchange, HttpClientResponse response) {
        return UpstreamFailures.relay(ctx, exchange, response, usage, ClientWire.OPENAI);
    }

    private void fail(RoutingContext ctx, ChatExchange exchange, Throwable failure) {
        ApiError error = ErrorMapper.toApiError(RouteErrors.translate(failure));
        if (exchange.caller != null) usage.record(exchange.toUsage(error.status(), error.code(), Usage.NONE));
        ErrorMapper.send(ctx.response(), error);
    }

    private static void copyResponseHeaders(HttpClientResponse from, HttpServerResponse to, ChatExchange exchange) {
        String contentType = from.getHeader("content-type");
        if (contentType != null) to.putHeader("content-type", contentType);
        String requestId = from.getHeader("x-request-id");
        if (requestId != null) to.putHeader("x-upstream-request-id", requestId);
        to.putHeader("x-anyrouter-request-id", exchange.id);
        to.putHeader("x-anyrouter-billing", "byok");
    }

    static String errorType(int status) {
        return switch (status) {
            case 400, 404, 409, 413, 422 -> "invalid_request_error";
            case 401 -> "authentication_error";
            case 403 -> "permission_error";
            case 429 -> "rate_limit_error";
            default -> status >= 500 ? "upstream_error" : "invalid_request_error";
        };
    }
}
