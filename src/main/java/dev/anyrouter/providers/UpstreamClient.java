package dev.anyrouter.providers;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpClientRequest;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * The one pooled HTTP client for every upstream. Each call goes only to a destination its
 * provider's keys may be sent to, connects to the address the {@link UpstreamAddressGuard} checked, never follows redirects (a redirect must not carry a
 * key elsewhere), and is bounded by connect and idle (first-byte, between-chunks) timeouts.
 *
 * <p>One configuration, one connection pool per event loop: each server verticle calls
 * {@link #serveFrom(Context)} when it starts, and a call made on that verticle's loop uses the
 * pool kept in its context, so an upstream connection lives on the loop of the request using it.
 * A single shared pool handed requests connections owned by other loops, and every response chunk
 * then cost a cross-thread wake-up (about half of the gateway's CPU samples under load). Calls
 * from anywhere else (a worker, a test) use a shared pool.
 */
public final class UpstreamClient {
    private final Vertx vertx;
    private final int poolSize;
    private final HttpClient shared;
    private final UpstreamAddressGuard guard;
    private final Function<Callable<InetAddress>, Future<InetAddress>> offLoop;
    private final Duration connectTimeout;
    private final Duration idleTimeout;
    private final ServerAddresses servers = new ServerAddresses();

    /**
     * @param offLoop runs a blocking lookup off the event loop (DNS on a cache miss)
     */
    public UpstreamClient(Vertx vertx, UpstreamAddressGuard guard, Function<Callable<InetAddress>, Future<InetAddress>> offLoop,
                          Duration connectTimeout, Duration idleTimeout, int poolSize) {
        this.vertx = vertx;
        this.poolSize = poolSize;
        this.connectTimeout = connectTimeout;
        this.idleTimeout = idleTimeout;
        this.shared = newPool(poolSize);
        this.guard = guard;
        this.offLoop = offLoop;
    }

    /**
     * Gives the event loop of {@code context} a pool of its own, used by every call made on it.
     * The pool belongs to the context: it closes when the verticle that owns the context stops.
     *
     * @param loops how many loops share the configured pool size
     */
    public void serveFrom(Context context, int loops) {
        context.put(this, newPool(Math.max(1, Math.ceilDiv(poolSize, loops))));
    }

    private HttpClient newPool(int size) {
        return vertx.httpClientBuilder()
                .with(new HttpClientOptions()
                        .setKeepAlive(true)
                        .setTcpNoDelay(true)
                        .setConnectTimeout((int) connectTimeout.toMillis())
                        // A request's own idle timeout stops at the answer's headers (Vert.x 5): a
                        // connection silent both ways this long, mid-answer included, is closed.
                        .setIdleTimeout((int) idleTimeout.toMillis()).setIdleTimeoutUnit(TimeUnit.MILLISECONDS)
                        .setVerifyHost(true)
                        .setMaxRedirects(0))
                .with(new PoolOptions().setHttp1MaxSize(size).setHttp2MaxSize(Math.max(1, size / 100)))
                .build();
    }

    /** The pool of the event loop this call runs on, if its verticle gave it one. */
    private HttpClient pool() {
        Context context = Vertx.currentContext();
        HttpClient own = context == null ? null : context.get(this);
        return own != null ? own : shared;
    }

    /** Sends the call and completes with the response head; the body is the caller's to read or pipe. */
    public Future<HttpClientResponse> send(UpstreamCall call) {
        return send(call, request -> {});
    }

    /**
     * Sends the call as {@link #send(UpstreamCall)} does, handing {@code sending} the request once it
     * is made, before any answer: a caller whose deadline passes before the answer's head can then
     * reset it, freeing the connection (otherwise held until the idle timeout).
     */
    public Future<HttpClientResponse> send(UpstreamCall call, Consumer<HttpClientRequest> sending) {
        UpstreamUrl url = call.url();
        String host = url.host();
        UpstreamAddressGuard.Destination why;
        try {
            // Checked again here, where the connection is made: a stored base_url is sent only where it may go now.
            why = guard.checkDestination(call.provider(), url.scheme(), host, url.port());
        } catch (UpstreamRefusedException refused) {
            return Future.failedFuture(refused);
        }
        Future<InetAddress> address;
        if (guard.isCached(host)) {
            try {
                address = Future.succeededFuture(guard.addressFor(host, why));
            } catch (UpstreamRefusedException refused) {
                return Future.failedFuture(refused);
            }
        } else {
            address = offLoop.apply(() -> guard.addressFor(host, why));
        }
        return address.compose(ip -> {
            int port = url.effectivePort();
            RequestOptions options = new RequestOptions()
                    .setMethod(call.method())
                    .setHost(host)
                    .setPort(port)
                    .setSsl(url.https())
                    .setURI(url.pathAndQuery())
                    .setServer(servers.of(ip, port))
                    .setFollowRedirects(false)
                    .setConnectTimeout(connectTimeout.toMillis())
                    .setIdleTimeout(idleTimeout.toMillis());
            return pool().request(options).compose(req -> {
                try {
                    addHeaders(call.headers(), req.headers());
                } catch (IllegalArgumentException invalid) {
                    // A header Vert.x refuses: give the connection back. Its message quotes the value,
                    // which may be the credential, so neither it nor the cause goes any further.
                    req.reset();
                    return Future.failedFuture(new IllegalArgumentException(
                            "an upstream request header holds a character HTTP does not allow"));
                }
                sending.accept(req);
                return call.body() == null ? req.send() : req.send(call.body());
            });
        });
    }

    /**
     * Adds the call's headers to the request as the adapter built them. Handed over through
     * {@code RequestOptions.setHeaders}, they were copied through the MultiMap's String view, which
     * turns every pre-built {@code AsciiString} name back into a String that Vert.x then validates
     * and hashes char by char. Vert.x' MultiMap is a Netty {@code HttpHeaders}, whose CharSequence
     * view hands them over as they are; the order, and so the bytes on the wire, stay the same.
     */
    private static void addHeaders(MultiMap from, MultiMap to) {
        if (from == null) return;
        if (from instanceof io.netty.handler.codec.http.HttpHeaders netty) {
            Iterator<Map.Entry<CharSequence, CharSequence>> headers = netty.iteratorCharSequence();
            while (headers.hasNext()) {
                Map.Entry<CharSequence, CharSequence> header = headers.next();
                to.add(header.getKey(), header.getValue());
            }
        } else {
            to.addAll(from);
        }
    }

    public Future<Void> close() {
        return shared.close();
    }
}
