import io.vertx.core.AbstractVerticle;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.PoolOptions;
import io.vertx.core.http.RequestOptions;

/**
 * The floor for any proxy built on the gateway's own stack: Vert.x on the same transport, one
 * server and one upstream pool per event loop, forwarding the body and relaying the answer with
 * no auth, routing, parsing or logging. What AnyRouter costs above this is its own code; what
 * this costs above nginx is the stack's.
 *
 *   java -cp target/anyrouter.jar bench/FloorProxy.java PORT UPSTREAM_PORT
 */
public final class FloorProxy extends AbstractVerticle {
    private final int port;
    private final int upstreamPort;

    FloorProxy(int port, int upstreamPort) {
        this.port = port;
        this.upstreamPort = upstreamPort;
    }

    public static void main(String[] args) {
        int port = Integer.parseInt(args[0]);
        int upstreamPort = Integer.parseInt(args[1]);
        Vertx vertx = Vertx.vertx(new VertxOptions().setPreferNativeTransport(true));
        int loops = Integer.getInteger("loops", VertxOptions.DEFAULT_EVENT_LOOP_POOL_SIZE);
        vertx.deployVerticle(() -> new FloorProxy(port, upstreamPort), new DeploymentOptions().setInstances(loops))
                .await();
        System.out.println("floor proxy on :" + port + " (" + (vertx.isNativeTransportEnabled() ? "epoll" : "NIO") + ", "
                + loops + " loops)");
    }

    @Override
    public void start() {
        HttpClient client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTcpNoDelay(true),
                new PoolOptions().setHttp1MaxSize(100));
        vertx.createHttpServer(new HttpServerOptions().setTcpNoDelay(true).setPort(port).setHost("127.0.0.1"))
                .requestHandler(in -> in.body().onSuccess(body -> {
                    RequestOptions out = new RequestOptions().setMethod(HttpMethod.POST).setHost("127.0.0.1")
                            .setPort(upstreamPort).setURI(in.uri().replace("/api/v1/", "/v1/"));
                    out.putHeader("content-type", "application/json");
                    out.putHeader("authorization", in.getHeader("authorization"));
                    client.request(out).compose(req -> req.send(body)).onComplete(answer -> {
                        if (answer.failed()) {
                            in.response().setStatusCode(502).end();
                            return;
                        }
                        var upstream = answer.result();
                        in.response().setStatusCode(upstream.statusCode());
                        String type = upstream.getHeader("content-type");
                        if (type != null) in.response().putHeader("content-type", type);
                        if (type != null && type.startsWith("text/event-stream")) {
                            in.response().setChunked(true);
                            upstream.pipeTo(in.response());
                        } else {
                            upstream.body().onSuccess(in.response()::end);
                        }
                    });
                }))
                .listen();
    }
}
