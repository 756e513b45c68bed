package dev.anyrouter.providers;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import io.vertx.core.net.SocketAddress;
import java.net.Inet6Address;
import java.net.InetAddress;

/**
 * The Vert.x address of each checked upstream IP and port, built once. Building one from an IP
 * formats the IP as text and parses it back ({@code SocketAddress.inetSocketAddress(port, text)}),
 * which cost about 1 % of the gateway's CPU when done per call. The address stays keyed by the IP
 * text, as before: the client's connection pools are keyed by it, so a connection is only reused
 * for the very address the guard checked (an address built from a named {@code InetAddress} would
 * key the pool by host name and let a pool outlive a change of address).
 */
final class ServerAddresses {
    /** Distinct upstream addresses kept; past this the least used are built again when next needed. */
    private static final int LIMIT = 1024;

    private record Destination(InetAddress ip, int port) {}

    private final Cache<Destination, SocketAddress> built = Caffeine.newBuilder().maximumSize(LIMIT).executor(Runnable::run).build();

    SocketAddress of(InetAddress ip, int port) {
        // Inet6Address.equals ignores the scope (fe80::1%eth0 equals fe80::1%eth1): never memoise a scoped one.
        if (ip instanceof Inet6Address v6 && (v6.getScopeId() != 0 || v6.getScopedInterface() != null)) {
            return SocketAddress.inetSocketAddress(port, ip.getHostAddress());
        }
        return built.get(new Destination(ip, port), d -> SocketAddress.inetSocketAddress(port, ip.getHostAddress()));
    }
}
