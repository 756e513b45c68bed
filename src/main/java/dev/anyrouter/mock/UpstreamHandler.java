package dev.anyrouter.mock;

import io.vertx.core.Handler;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The request path every wire shares: pick the wire, record the request, turn away missing and
 * invalid keys, apply the key's script (status, delay), then let the wire answer. Admin calls go
 * to {@link AdminApi}. Runs on the event loop and never blocks.
 */
final class UpstreamHandler implements Handler<HttpServerRequest> {

    /** Headers that carry credentials and so are never recorded. */
    private static final Set<String> CREDENTIAL_HEADERS =
            Set.of("authorization", "proxy-authorization", "x-api-key", "x-goog-api-key", "api-key");

    private final Vertx vertx;
    private final List<Wire> wires;
    private final RequestLog log;
    private final AbandonedLog abandoned;
    private final ScriptBook scripts;
    private final AdminApi admin;

    /** {@code wires} in order of preference; the last one must claim every request. */
    UpstreamHandler(Vertx vertx, List<Wire> wires, RequestLog log, AbandonedLog abandoned, ScriptBook scripts, AdminApi admin) {
        this.vertx = vertx;
        this.wires = List.copyOf(wires);
        this.log = log;
        this.abandoned = abandoned;
        this.scripts = scripts;
        this.admin = admin;
    }

    @Override
    public void handle(HttpServerRequest request) {
        if (request.path().startsWith(AdminApi.PREFIX)) {
            admin.handle(request);
            return;
        }
        Wire wire = wireFor(request);
        log.opened();
        boolean[] closed = {false};
        Handler<Void> close = ignored -> {
            if (!closed[0]) {
                closed[0] = true;
                log.closed();
            }
        };
        request.response().endHandler(close).closeHandler(close);
        request.body().onSuccess(body -> {
            try {
                serve(wire, request, body);
            } catch (RuntimeException e) {
                // A bug here must fail the one request loudly, not leave the client waiting forever.
                if (!request.response().headWritten()) {
                    request.response().setStatusCode(500).end("mock upstream failed: " + e.getClass().getSimpleName());
                } else {
                    request.connection().close();
                }
            }
        });
    }

    private Wire wireFor(HttpServerRequest request) {
        for (Wire wire : wires) {
            if (wire.claims(request)) {
                return wire;
            }
        }
        return wires.getLast();
    }

    private void serve(Wire wire, HttpServerRequest request, Buffer body) {
        Call call = wire.read(request, body);
        log.add(new ReceivedRequest(request.method().name(), request.path(), call.model(), lastFour(call.key()),
                call.stream(), recordableHeaders(request.headers())));
        HttpServerResponse response = request.response();
        // Called only while the answer still uses the connection: a client that left before its end.
        response.closeHandler(closed -> {
            if (!response.ended()) abandoned.add(new Abandoned(lastFour(call.key()), request.path(), System.nanoTime()));
        });
        if (call.key() == null) {
            wire.refuse(response, new Refusal.MissingKey());
            return;
        }
        if (call.key().toLowerCase(Locale.ROOT).contains("invalid")) {
            wire.refuse(response, new Refusal.InvalidKey(call.key()));
            return;
        }
        Script script = scripts.take(call.key());
        if (script.delayMs() > 0) {
            vertx.setTimer(script.delayMs(), ignored -> reply(wire, request, call, script));
        } else {
            reply(wire, request, call, script);
        }
    }

    private void reply(Wire wire, HttpServerRequest request, Call call, Script script) {
        HttpServerResponse response = request.response();
        if (response.closed() || script.fault() == Fault.HANG) {
            // A hang sends nothing at all; the request is let go when the client closes the connection.
            return;
        }
        if (script.fails()) {
            wire.refuse(response,
                    new Refusal.Scripted(script.status(), script.retryAfterSeconds(), call.key(), call.model()));
        } else if (call.problem() != null) {
            wire.refuse(response, call.problem());
        } else if (script.fault().replacesAnswer()) {
            WireFaults.send(vertx, request, call.stream(), script.fault());
        } else {
            call.answer().send(request, script);
        }
    }

    /** The last four characters of a key; nothing of a key too short to show part of safely. */
    static String lastFour(String key) {
        if (key == null) {
            return null;
        }
        return key.length() >= 8 ? key.substring(key.length() - 4) : "";
    }

    private static Map<String, String> recordableHeaders(MultiMap headers) {
        Map<String, String> kept = new HashMap<>();
        for (Map.Entry<String, String> header : headers) {
            String name = header.getKey().toLowerCase(Locale.ROOT);
            if (!CREDENTIAL_HEADERS.contains(name)) {
                kept.merge(name, header.getValue(), (first, more) -> first + ", " + more);
            }
        }
        return kept;
    }
}
