package dev.anyrouter.web;

import io.vertx.core.Handler;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

/** Registers a dashboard route with what every one of them needs: security headers, and for forms a bounded body. */
final class PageRoutes {
    /** Forms are a few fields; nothing a browser posts here comes near this. */
    private static final long MAX_FORM_BYTES = 64 * 1024;

    private PageRoutes() {}

    static void get(Router router, String path, Handler<RoutingContext> handler) {
        router.get(path).handler(Renderer.SECURITY_HEADERS).handler(handler);
    }

    static void post(Router router, String path, Handler<RoutingContext> handler) {
        // Vert.x wants the body handler first on a route.
        router.post(path).handler(BodyHandler.create(false).setBodyLimit(MAX_FORM_BYTES))
                .handler(Renderer.SECURITY_HEADERS)
                .handler(handler);
    }
}
