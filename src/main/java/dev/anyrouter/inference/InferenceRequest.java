package dev.anyrouter.inference;

import dev.anyrouter.accounts.Caller;
import dev.anyrouter.protocol.ClientRequest;
import dev.anyrouter.providers.exchange.ClientEndpoint;
import io.vertx.core.http.HttpServerRequest;
import java.time.Instant;

/**
 * What is known of one inference request, step by step: fixed when it arrives, then completed by
 * authenticate ({@code caller}), parse ({@code request}) and plan (the request a preset rewrote,
 * {@code routedAs}). Each step makes a new value; none is changed in place.
 *
 * @param caller null until authenticated
 * @param request null until parsed
 * @param routedAs what the client named when the router chose among models (a virtual model, a
 *     list, a preset), else null
 */
record InferenceRequest(String id, Instant startedAt, long startNanos, String referer, String title, ClientEndpoint endpoint,
                        Caller caller, ClientRequest request, String routedAs) {
    /** A request as it arrives: its id, when, and the app it names. */
    static InferenceRequest arrived(String id, Instant at, HttpServerRequest http, ClientEndpoint endpoint) {
        String title = http.getHeader("x-title");
        if (title == null) title = http.getHeader("x-openrouter-title"); // OpenRouter's newer name for it
        return new InferenceRequest(id, at, System.nanoTime(), http.getHeader("http-referer"), title, endpoint, null, null, null);
    }

    InferenceRequest authenticated(Caller who) {
        return new InferenceRequest(id, startedAt, startNanos, referer, title, endpoint, who, request, routedAs);
    }

    InferenceRequest parsed(ClientRequest read) {
        return new InferenceRequest(id, startedAt, startNanos, referer, title, endpoint, caller, read, routedAs);
    }

    /** After planning: the request as a preset left it, and what the client named if the router chose among models. */
    InferenceRequest routed(ClientRequest planned, String named) {
        return new InferenceRequest(id, startedAt, startNanos, referer, title, endpoint, caller, planned, named);
    }
}
