package dev.anyrouter.providers;

import io.vertx.core.net.SocketAddress;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Vert.x address of each checked upstream IP and port, built once. Building one from an IP
 * formats the IP as text and parses it back ({@code SocketAddress.inetSocketAddress(port, text)}),
 * which cost about 1 % of the gateway's CPU when done per call. The address stays keyed by the IP
 * text, as before: the client's connection pools are keyed by it, so a connection is only reused
 * for the very address the guard checked (an address built from a named {@code InetAddress} would
 * key the pool by host name and let a pool outlive a change of address).
 */
final class ServerAddresses {
    /** More distinct upstream addresses than this means addresses churn; start over rather than grow. */
    private static final int LIMIT = 1024;

    private record Destination(InetAddress ip, int port) {}

    private final Map<Destination, SocketAddress> built = new ConcurrentHashMap<>();

    SocketAddress of(InetAddress ip, int port) {
        // Inet6Address.equals ignores the scope (fe80::1%eth0 equals fe80::1%eth1): never memoise a scoped one.
        if (ip instanceof Inet6Address v6 && (v6.getScopeId() != 0 || v6.getScopedInterface() != null)) {
            return SocketAddress.inetSocketAddress(port, ip.getHostAddress());
        }
        Destination destination = new Destination(ip, port);
        SocketAddress address = built.get(destination);
        if (address != null) return address;
        if (built.size() >= LIMIT) built.clear();
        address = SocketAddress.inetSocketAddress(port, ip.getHostAddress());
        built.put(destination, address);
        return address;
    }
}
