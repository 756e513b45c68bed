package dev.anyrouter.providers;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Function;

/**
 * The one pooled HTTP client for every upstream. Each call connects to the address the
 * {@link UpstreamAddressGuard} checked, never follows redirects (a redirect must not carry a
 * key elsewhere), and is bounded by connect and idle (first-byte, between-chunks) timeouts.
 */
public final class UpstreamClient {
    private final HttpClient client;
    private final UpstreamAddressGuard guard;
    private final Function<Callable<InetAddress>, Future<InetAddress>> offLoop;
    private final Duration connectTimeout;
    private final Duration idleTimeout;

    /**
     * @param offLoop runs a blocking lookup off the event loop (DNS on a cache miss)
     */
    public UpstreamClient(Vertx vertx, UpstreamAddressGuard guard, Function<Callable<InetAddress>, Future<InetAddress>> offLoop,
                          Duration connectTimeout, Duration idleTimeout, int poolSize) {
        this.client = vertx.httpClientBuilder()
                .with(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setTcpNoDelay(true)
                        .setConnectTimeout((int) connectTimeout.toMillis())
                        .setVerifyHost(true)
                        .setMaxRedirects(0))
                .with(new PoolOptions().setHttp1MaxSize(poolSize).setHttp2MaxSize(Math.max(1, poolSize / 100)))
                .build();
        this.guard = guard;
        this.offLoop = offLoop;
        this.connectTimeout = connectTimeout;
        this.idleTimeout = idleTimeout;
    }

    /** Sends the call and completes with the response head; the body is the caller's to read or pipe. */
    public Future<HttpClientResponse> send(UpstreamCall call) {
        String host = call.uri().getHost();
        Future<InetAddress> address = guard.isCached(host)
                ? Future.succeededFuture(guard.addressFor(host))
                : offLoop.apply(() -> guard.addressFor(host));
        return address.compose(ip -> {
            boolean https = "https".equalsIgnoreCase(call.uri().getScheme());
            int port = call.uri().getPort() > 0 ? call.uri().getPort() : (https ? 443 : 80);
            String path = call.uri().getRawPath() + (call.uri().getRawQuery() == null ? "" : "?" + call.uri().getRawQuery());
            RequestOptions options = new RequestOptions()
                    .setMethod(call.method())
                    .setHost(host)
                    .setPort(port)
                    .setSsl(https)
                    .setURI(path)
                    .setServer(SocketAddress.inetSocketAddress(port, ip.getHostAddress()))
                    .setFollowRedirects(false)
                    .setConnectTimeout(connectTimeout.toMillis())
                    .setIdleTimeout(idleTimeout.toMillis())
                    .setHeaders(call.headers());
            return client.request(options).compose(req -> call.body() == null ? req.send() : req.send(call.body()));
        });
    }

    public Future<Void> close() {
        return client.close();
    }
}
