package dev.anyrouter.providers;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;

/**
 * Decides where a credential may be sent. A base URL must be https and its host must resolve
 * only to public addresses, unless the operator allowed private upstreams. The check is made
 * again when connecting, and the connection goes to the very address that was checked, so a
 * DNS answer that changes between check and connect (rebinding) cannot redirect a key.
 */
public final class UpstreamAddressGuard {
    /** Resolves a host name; blocking. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    private record Resolved(InetAddress address, Instant until) {}

    private static final Duration TTL = Duration.ofSeconds(60);

    private final boolean allowPrivate;
    private final Resolver resolver;
    private final Clock clock;
    /** Checked addresses by host name; the hosts are those of stored keys and the catalog, bounded all the same. */
    private final Cache<String, Resolved> cache = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();

    public UpstreamAddressGuard(boolean allowPrivate, Resolver resolver, Clock clock) {
        this.allowPrivate = allowPrivate;
        this.resolver = resolver;
        this.clock = clock;
    }

    public static UpstreamAddressGuard system(boolean allowPrivate) {
        return new UpstreamAddressGuard(allowPrivate, InetAddress::getAllByName, Clock.systemUTC());
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /** Checks a base URL's form (not its address): absolute, https unless private is allowed, no credentials in it. */
    public URI checkBaseUrl(String raw) {
        if (raw == null || raw.isBlank()) throw new UpstreamRefusedException("base_url must not be empty");
        URI uri;
        try {
            uri = new URI(raw.strip());
        } catch (URISyntaxException e) {
            throw new UpstreamRefusedException("base_url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !(allowPrivate && scheme.equals("http"))) {
            throw new UpstreamRefusedException(allowPrivate
                    ? "base_url must use http or https"
                    : "base_url must use https (private upstreams are not allowed on this server)");
        }
        if (uri.getHost() == null || uri.getHost().isBlank()) throw new UpstreamRefusedException("base_url has no host");
        if (uri.getRawUserInfo() != null) throw new UpstreamRefusedException("base_url must not contain credentials");
        if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new UpstreamRefusedException("base_url must not have a query or fragment");
        }
        String path = uri.getRawPath() == null ? "" : uri.getRawPath();
        while (path.endsWith("/")) path = path.substring(0, path.length() - 1);
        try {
            return new URI(scheme, null, uri.getHost(), uri.getPort(), path.isEmpty() ? null : path, null, null);
        } catch (URISyntaxException e) {
            throw new UpstreamRefusedException("base_url is not a valid URL");
        }
    }

    /** The checked address to connect to for this host, from cache when fresh; blocking on a miss. */
    public InetAddress addressFor(String host) {
        Resolved hit = cache.getIfPresent(host);
        Instant now = clock.instant();
        if (hit != null && hit.until().isAfter(now)) return hit.address();
        InetAddress[] all;
        try {
            all = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new UpstreamRefusedException("the upstream host " + host + " does not resolve");
        }
        if (all.length == 0) throw new UpstreamRefusedException("the upstream host " + host + " does not resolve");
        if (!allowPrivate) {
            for (InetAddress a : all) {
                if (!isPublic(a)) {
                    throw new UpstreamRefusedException("the upstream host " + host + " resolves to a private address");
                }
            }
        }
        cache.put(host, new Resolved(all[0], now.plus(TTL)));
        return all[0];
    }

    /** Whether the host is cached and fresh, so {@link #addressFor} will not block. */
    public boolean isCached(String host) {
        Resolved hit = cache.getIfPresent(host);
        return hit != null && hit.until().isAfter(clock.instant());
    }

    static boolean isPublic(InetAddress a) {
        if (a.isAnyLocalAddress() || a.isLoopbackAddress() || a.isLinkLocalAddress() || a.isSiteLocalAddress()
                || a.isMulticastAddress()) {
            return false;
        }
        byte[] b = a.getAddress();
        if (a instanceof Inet4Address) {
            int first = b[0] & 0xff, second = b[1] & 0xff;
            if (first == 0 || first >= 240) return false;                       // this network, reserved, broadcast
            if (first == 100 && second >= 64 && second <= 127) return false;    // carrier-grade NAT
            if (first == 192 && second == 0 && (b[2] & 0xff) == 0) return false; // IETF protocol assignments
            if (first == 198 && (second == 18 || second == 19)) return false;   // benchmarking
            return true;
        }
        if (a instanceof Inet6Address) {
            int first = b[0] & 0xff;
            if ((first & 0xfe) == 0xfc) return false;                           // unique local fc00::/7
            boolean mapped = true;                                              // ::ffff:a.b.c.d
            for (int i = 0; i < 10; i++) mapped &= b[i] == 0;
            mapped &= (b[10] & 0xff) == 0xff && (b[11] & 0xff) == 0xff;
            if (mapped) {
                try {
                    return isPublic(InetAddress.getByAddress(new byte[] {b[12], b[13], b[14], b[15]}));
                } catch (UnknownHostException e) {
                    return false;
                }
            }
            return true;
        }
        return false;
    }
}
