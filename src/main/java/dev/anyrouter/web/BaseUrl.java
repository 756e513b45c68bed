package dev.anyrouter.web;

import io.vertx.ext.web.RoutingContext;

/** The API base URL as the browser reached this server, for snippets a user pastes into their code. */
final class BaseUrl {
    private BaseUrl() {}

    static String of(RoutingContext ctx) {
        String host = ctx.request().authority() == null ? "localhost" : ctx.request().authority().toString();
        return ctx.request().scheme() + "://" + host + "/api/v1";
    }
}
