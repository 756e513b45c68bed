package dev.anyrouter.e2e;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * An HTTP listener on a loopback port that records every request it gets (method, path and the
 * headers that would carry a credential) and answers as a provider would accept a key, so a test can
 * prove that nothing was ever sent to it.
 */
final class LoopbackListener implements AutoCloseable {
    /** What reached the listener. */
    record Hit(String method, String path, String authorization, String apiKey) {}

    private final HttpServer server;
    private final List<Hit> hits = new ArrayList<>();

    LoopbackListener() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            synchronized (hits) {
                hits.add(new Hit(exchange.getRequestMethod(), exchange.getRequestURI().getPath(),
                        exchange.getRequestHeaders().getFirst("authorization"), exchange.getRequestHeaders().getFirst("x-api-key")));
            }
            byte[] body = "{\"object\":\"list\",\"data\":[{\"id\":\"gpt-4.1-mini\",\"object\":\"model\"}]}".getBytes();
            exchange.getResponseHeaders().add("content-type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
    }

    int port() {
        return server.getAddress().getPort();
    }

    /** A base URL on the listener, e.g. {@code http://127.0.0.1:PORT/v1}. */
    String baseUrl() {
        return "http://127.0.0.1:" + port() + "/v1";
    }

    List<Hit> hits() {
        synchronized (hits) {
            return List.copyOf(hits);
        }
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
