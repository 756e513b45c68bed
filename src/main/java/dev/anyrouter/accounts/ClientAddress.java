package dev.anyrouter.accounts;

import dev.anyrouter.config.InvalidSettingsException;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;

/**
 * Who the client is, by address, for the sign-in limits. It is the connection's peer, unless that
 * peer is one of the operator's trusted reverse proxies ({@code --trusted-proxies}): then it is the
 * right-most address in {@code X-Forwarded-For} that is not itself a trusted proxy (each proxy
 * appends the address it saw; everything left of the last trusted hop is the client's to write,
 * so it is never believed). With no trusted proxies the header is ignored entirely.
 */
public final class ClientAddress {
    private final List<Block> trusted;

    private ClientAddress(List<Block> trusted) {
        this.trusted = List.copyOf(trusted);
    }

    /**
     * The resolver for these proxies: addresses ({@code 127.0.0.1}, {@code ::1}) or CIDR blocks ({@code 10.0.0.0/8}).
     *
     * @throws InvalidSettingsException naming an entry that is neither
     */
    public static ClientAddress trusting(List<String> proxies) {
        List<Block> blocks = new ArrayList<>();
        for (String entry : proxies) blocks.add(Block.parse(entry));
        return new ClientAddress(blocks);
    }

    /** The client's address for {@code request}. */
    public String of(HttpServerRequest request) {
        SocketAddress peer = request.remoteAddress();
        return of(peer == null ? null : peer.hostAddress(), request.headers().getAll("x-forwarded-for"));
    }

    /** The client's address, given the connection's peer and the {@code X-Forwarded-For} headers. */
    String of(String direct, List<String> forwardedFor) {
        if (direct == null || trusted.isEmpty() || !isTrusted(direct)) return direct;
        List<String> hops = forwarded(forwardedFor);
        for (int i = hops.size() - 1; i >= 0; i--) {
            String hop = hops.get(i);
            if (literal(hop) == null) return direct; // not an address: the chain cannot be read, so trust only what we saw
            if (!isTrusted(hop)) return hop;
        }
        return hops.isEmpty() ? direct : hops.getFirst();
    }

    private boolean isTrusted(String address) {
        byte[] bytes = literal(address);
        return bytes != null && trusted.stream().anyMatch(b -> b.contains(bytes));
    }

    private static List<String> forwarded(List<String> headers) {
        List<String> hops = new ArrayList<>();
        for (String header : headers) {
            for (String part : header.split(",")) {
                String hop = part.strip();
                if (!hop.isEmpty()) hops.add(hop);
            }
        }
        return hops;
    }

    /** The address's bytes (IPv4-mapped IPv6 as IPv4), or null when {@code s} is not an address literal; never a DNS lookup. */
    static byte[] literal(String s) {
        try {
            return InetAddress.ofLiteral(s.strip()).getAddress();
        } catch (IllegalArgumentException notALiteral) {
            return null;
        }
    }

    private record Block(byte[] network, int prefix) {
        static Block parse(String entry) {
            String text = entry.strip();
            int slash = text.indexOf('/');
            byte[] address = literal(slash < 0 ? text : text.substring(0, slash));
            if (address == null) {
                throw new InvalidSettingsException("trusted proxies: '" + entry + "' is not an IP address or CIDR block (e.g. 10.0.0.0/8)");
            }
            int bits = address.length * 8;
            int prefix = bits;
            if (slash >= 0) {
                try {
                    prefix = Integer.parseInt(text.substring(slash + 1));
                } catch (NumberFormatException e) {
                    prefix = -1;
                }
                if (prefix < 0 || prefix > bits) {
                    throw new InvalidSettingsException("trusted proxies: '" + entry + "' has a prefix outside 0 to " + bits);
                }
            }
            return new Block(address, prefix);
        }

        boolean contains(byte[] address) {
            if (address.length != network.length) return false;
            int full = prefix / 8;
            for (int i = 0; i < full; i++) if (address[i] != network[i]) return false;
            int rest = prefix % 8;
            if (rest == 0) return true;
            int mask = (0xff << (8 - rest)) & 0xff;
            return (address[full] & mask) == (network[full] & mask);
        }
    }
}
