package dev.anyrouter.web;

import gg.jte.ContentType;
import gg.jte.TemplateEngine;
import gg.jte.output.StringOutput;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns {@link Reply}s into responses, with the headers every dashboard response carries: a CSP
 * that allows only this server's own scripts and styles (no inline code) and no framing, and
 * no caching, since pages show account data.
 */
final class Renderer {
    private static final Logger LOG = LoggerFactory.getLogger(Renderer.class);
    static final String CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; "
            + "frame-ancestors 'none'";

    /** Adds the security headers; the first handler on every dashboard route. */
    static final Handler<RoutingContext> SECURITY_HEADERS = ctx -> {
        ctx.response()
                .putHeader("content-security-policy", CSP)
                .putHeader("x-frame-options", "DENY")
                .putHeader("x-content-type-options", "nosniff")
                .putHeader("referrer-policy", "same-origin")
                .putHeader("cross-origin-opener-policy", "same-origin");
        ctx.next();
    };

    private final TemplateEngine templates;

    Renderer() {
        // Templates are compiled into this package at build time (jte-maven-plugin): nothing is compiled at run time.
        this.templates = TemplateEngine.createPrecompiled(null, ContentType.Html, Renderer.class.getClassLoader(),
                Renderer.class.getPackageName());
    }

    /** Sends what {@code reply} completes with; a failure becomes a plain error page. */
    void send(RoutingContext ctx, Future<Reply> reply) {
        reply.onComplete(done -> {
            if (ctx.response().ended()) return;
            if (done.succeeded()) {
                try {
                    write(ctx, done.result());
                } catch (RuntimeException e) {
                    fail(ctx, e);
                }
            } else {
                fail(ctx, done.cause());
            }
        });
    }

    String render(String template, Object model) {
        StringOutput out = new StringOutput();
        templates.render(template, model, out);
        return out.toString();
    }

    static boolean fromHtmx(RoutingContext ctx) {
        return "true".equals(ctx.request().getHeader("hx-request"));
    }

    private void write(RoutingContext ctx, Reply reply) {
        HttpServerResponse response = ctx.response();
        response.putHeader("cache-control", "no-store").putHeader("vary", "HX-Request");
        switch (reply) {
            case Reply.Page page -> html(response, page.status(), render(page.template(), page.model()));
            case Reply.Dialog dialog -> {
                String body = render(dialog.template(), dialog.model());
                html(response, dialog.status(), fromHtmx(ctx) ? body
                        : render("dialogPage.jte", new DialogPageView(dialog.chrome(), body)));
            }
            case Reply.Download file -> response.setStatusCode(200).putHeader("content-type", file.contentType())
                    .putHeader("content-disposition", "attachment; filename=\"" + file.filename() + "\"").end(file.body());
            case Reply.Redirect redirect -> {
                if (fromHtmx(ctx)) {
                    response.putHeader("hx-redirect", redirect.location()).setStatusCode(200).end();
                } else {
                    response.putHeader("location", redirect.location()).setStatusCode(303).end();
                }
            }
        }
    }

    private static void html(HttpServerResponse response, int status, String body) {
        response.setStatusCode(status).putHeader("content-type", "text/html; charset=utf-8").end(body);
    }

    private static void fail(RoutingContext ctx, Throwable failure) {
        // Class and frame only: an exception message may quote what the user typed, a key included.
        StackTraceElement[] trace = failure.getStackTrace();
        LOG.error("dashboard failure: {} at {}", failure.getClass().getName(), trace.length == 0 ? "?" : trace[0]);
        if (ctx.response().headWritten()) {
            if (!ctx.response().ended()) ctx.response().end();
            return;
        }
        html(ctx.response().putHeader("cache-control", "no-store"), 500,
                "<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Error · AnyRouter</title>"
                        + "<link rel=\"stylesheet\" href=\"/static/app.css\"></head><body><main class=\"narrow\">"
                        + "<h1>Something went wrong</h1><p>The dashboard failed to answer this request; it has been logged."
                        + " <a href=\"/byok\">Back to your keys</a></p></main></body></html>");
    }
}
