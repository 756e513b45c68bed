package dev.anyrouter.web;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.Router;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * The dashboard's scripts and styles, read from the jar once at start-up and served from memory:
 * pages load nothing from anywhere else. htmx comes from its webjar (a Maven dependency).
 */
final class StaticAssets {
    static final String HTMX_VERSION = "2.0.7";

    private record Asset(Buffer body, String contentType) {}

    private final Map<String, Asset> assets;

    StaticAssets() {
        this.assets = Map.of(
                "/static/app.css", load("/web/static/app.css", "text/css; charset=utf-8"),
                "/static/app.js", load("/web/static/app.js", "text/javascript; charset=utf-8"),
                "/static/favicon.svg", load("/web/static/favicon.svg", "image/svg+xml"),
                "/static/htmx.min.js", load("/META-INF/resources/webjars/htmx.org/" + HTMX_VERSION + "/dist/htmx.min.js",
                        "text/javascript; charset=utf-8"));
    }

    void mount(Router router) {
        assets.forEach((path, asset) -> PageRoutes.get(router, path, ctx -> ctx.response()
                .putHeader("content-type", asset.contentType())
                .putHeader("cache-control", "public, max-age=300")
                .end(asset.body())));
    }

    private static Asset load(String resource, String contentType) {
        try (InputStream in = StaticAssets.class.getResourceAsStream(resource)) {
            if (in == null) throw new IllegalStateException("dashboard asset " + resource + " is missing from the jar");
            return new Asset(Buffer.buffer(in.readAllBytes()), contentType);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dashboard asset " + resource, e);
        }
    }
}
