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
import java.util.List;
import java.util.Locale;

/**
 * Decides where a credential may be sent. A key's base URL must name one of its provider's own hosts
 * (the catalog's {@code hosts:}), or a host the operator listed ({@code --upstream-hosts}), or, when
 * the operator allowed private upstreams, a private host: an address in a private range or a local
 * name ({@code localhost}, a name without a dot, {@code *.local}, {@code *.internal}, {@code *.home.arpa}).
 * A public name is never private, whatever it resolves to. Listed hosts must resolve only to public
 * addresses unless private upstreams are allowed; a private host must resolve only to private ones.
 *
 * <p>The check is made when a key is saved and again for every call, where the connection is made,
 * and the connection goes to the very address that was checked, so a DNS answer that changes
 * between check and connect (rebinding) cannot redirect a key.
 */
public final class UpstreamAddressGuard {
    /** Resolves a host name; blocking. */
    @FunctionalInterface
    public interface Resolver {
        InetAddress[] resolve(String host) throws UnknownHostException;
    }

    /** Why a destination is allowed, which says what its addresses must be. */
    public enum Destination {
        /** One of the provider's own hosts. */
        PROVIDER,
        /** A host the operator listed in {@code --upstream-hosts}. */
        OPERATOR,
        /** A private host, allowed by {@code --allow-private-upstreams}: it must resolve to private addresses only. */
        PRIVATE
    }

    private record Resolved(InetAddress address, boolean anyPrivate, boolean anyPublic, Instant until) {}

    private static final Duration TTL = Duration.ofSeconds(60);
    private static final List<String> LOCAL_SUFFIXES = List.of(".localhost", ".local", ".internal", ".home.arpa");

    private final boolean allowPrivate;
    private final List<HostPattern> operatorHosts;
    private final Resolver resolver;
    private final Clock clock;
    /** Checked addresses by host name; the hosts are those of stored keys and the catalog, bounded all the same. */
    private final Cache<String, Resolved> cache = Caffeine.newBuilder().maximumSize(10_000).executor(Runnable::run).build();
    /** Which hosts are private by name: a pure function of the name, remembered so a call does not parse it again. */
    private final Cache<String, Boolean> privateNames = Caffeine.newBuilder().maximumSize(1024).executor(Runnable::run).build();

    /**
     * @param allowPrivate whether private hosts may be used ({@code --allow-private-upstreams})
     * @param operatorHosts hosts any provider's keys may be sent to ({@code --upstream-hosts})
     */
    public UpstreamAddressGuard(boolean allowPrivate, List<HostPattern> operatorHosts, Resolver resolver, Clock clock) {
        this.allowPrivate = allowPrivate;
        this.operatorHosts = List.copyOf(operatorHosts);
        this.resolver = resolver;
        this.clock = clock;
    }

    public static UpstreamAddressGuard system(boolean allowPrivate, List<HostPattern> operatorHosts) {
        return new UpstreamAddressGuard(allowPrivate, operatorHosts, InetAddress::getAllByName, Clock.systemUTC());
    }

    public boolean allowsPrivate() {
        return allowPrivate;
    }

    /** Checks a base URL's form (not where it points): absolute http or https, a host, no credentials, query or fragment. */
    public URI checkBaseUrl(String raw) {
        if (raw == null || raw.isBlank()) throw new UpstreamRefusedException("base_url must not be empty");
        URI uri;
        try {
            uri = new URI(raw.strip());
        } catch (URISyntaxException e) {
            throw new UpstreamRefusedException("base_url is not a valid URL");
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("https") && !scheme.equals("http")) throw new UpstreamRefusedException("base_url must use https");
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

    /**
     * Whether {@code provider}'s keys may be sent to {@code base} (as {@link #checkBaseUrl} gives it).
     *
     * @throws BaseUrlNotAllowedException naming the host and the setting that would allow it
     */
    public Destination checkDestination(Provider provider, URI base) {
        return checkDestination(provider, base.getScheme(), base.getHost(), base.getPort());
    }

    /** As {@link #checkDestination(Provider, URI)}, for a URL already taken apart (the request path). */
    public Destination checkDestination(Provider provider, String scheme, String host, int port) {
        boolean https = "https".equalsIgnoreCase(scheme);
        int defaultPort = https ? 443 : 80;
        for (HostPattern own : provider.hosts()) {
            if (own.matches(host, port, 443)) {
                if (https) return Destination.PROVIDER;
                throw new BaseUrlNotAllowedException("base_url must use https for " + host + ": " + provider.id()
                        + " keys are never sent in the clear");
            }
        }
        for (HostPattern listed : operatorHosts) {
            if (listed.matches(host, port, defaultPort)) {
                if (https || allowPrivate) return Destination.OPERATOR;
                throw new BaseUrlNotAllowedException("base_url must use https for " + host
                        + " (plain http only with --allow-private-upstreams)");
            }
        }
        boolean local = privateByName(host);
        if (local && allowPrivate) return Destination.PRIVATE;
        String named = host + (port > 0 && port != defaultPort ? ":" + port : "");
        throw new BaseUrlNotAllowedException("base_url host " + named + " is not one of " + provider.id() + "'s hosts ("
                + String.join(", ", provider.hosts().stream().map(HostPattern::toString).toList()) + "): " + provider.id()
                + " keys are only sent there. To allow it, the operator starts the gateway with --upstream-hosts " + named
                + " (ANYROUTER_UPSTREAM_HOSTS)" + (local ? ", or with --allow-private-upstreams for a private address" : ""));
    }

    private boolean privateByName(String host) {
        return privateNames.get(host, UpstreamAddressGuard::isPrivateName);
    }

    /**
     * The checked address to connect to for {@code host}, from cache when fresh; blocking on a miss.
     *
     * @param why what {@link #checkDestination} found the host to be
     */
    public InetAddress addressFor(String host, Destination why) {
        Resolved found = resolved(host);
        if (why == Destination.PRIVATE && found.anyPublic()) {
            throw new UpstreamRefusedException("the upstream host " + host + " resolves to a public address, and only a listed"
                    + " host may: list it in --upstream-hosts");
        }
        if (why != Destination.PRIVATE && found.anyPrivate() && !allowPrivate) {
            throw new UpstreamRefusedException("the upstream host " + host + " resolves to a private address");
        }
        return found.address();
    }

    /** Whether the host is cached and fresh, so {@link #addressFor} will not block. */
    public boolean isCached(String host) {
        Resolved hit = cache.getIfPresent(host);
        return hit != null && hit.until().isAfter(clock.instant());
    }

    private Resolved resolved(String host) {
        Resolved hit = cache.getIfPresent(host);
        Instant now = clock.instant();
        if (hit != null && hit.until().isAfter(now)) return hit;
        InetAddress[] all;
        try {
            all = resolver.resolve(host);
        } catch (UnknownHostException e) {
            throw new UpstreamRefusedException("the upstream host " + host + " does not resolve");
        }
        if (all == null || all.length == 0) throw new UpstreamRefusedException("the upstream host " + host + " does not resolve");
        boolean anyPrivate = false, anyPublic = false;
        for (InetAddress a : all) {
            if (isPublic(a)) anyPublic = true;
            else anyPrivate = true;
        }
        Resolved fresh = new Resolved(all[0], anyPrivate, anyPublic, now.plus(TTL));
        cache.put(host, fresh);
        return fresh;
    }

    /**
     * Whether a host is private by what it is written as: an address outside the public ranges, or a
     * name that only a local resolver answers. A name under a public domain is not, even if it
     * resolves to 127.0.0.1: its owner, not the operator, decides where it points.
     */
    static boolean isPrivateName(String host) {
        if (host == null || host.isEmpty()) return false;
        String h = host.toLowerCase(Locale.ROOT);
        if (h.startsWith("[") && h.endsWith("]")) h = h.substring(1, h.length() - 1);
        if (h.endsWith(".")) h = h.substring(0, h.length() - 1);
        if (h.indexOf(':') >= 0 || digitsAndDots(h)) {
            try {
                return !isPublic(InetAddress.ofLiteral(h));
            } catch (IllegalArgumentException notAnAddress) {
                return false;
            }
        }
        if (h.indexOf('.') < 0) return true; // one label: a Docker service, a name from /etc/hosts or the search domain
        for (String suffix : LOCAL_SUFFIXES) {
            if (h.endsWith(suffix)) return true;
        }
        return false;
    }

    private static boolean digitsAndDots(String h) {
        for (int i = 0; i < h.length(); i++) {
            char c = h.charAt(i);
            if (c != '.' && (c < '0' || c > '9')) return false;
        }
        return true;
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
