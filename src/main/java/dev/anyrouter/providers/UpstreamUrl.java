package dev.anyrouter.providers;

import java.net.URI;

/**
 * Where one upstream call goes, already taken apart for the request line: scheme, host, port and
 * the raw path with its query. {@link #join} builds it from a base URL parsed once (when the key or
 * the catalog was loaded) and an API path by concatenation, so no URL is parsed per call.
 *
 * @param scheme {@code https} or {@code http}, as the base URL spells it
 * @param host the host as {@link URI#getHost()} gives it (an IPv6 literal keeps its brackets)
 * @param port the port the URL names, or -1 for the scheme's default
 * @param pathAndQuery the raw path, and {@code ?query} if any, as sent on the request line
 */
public record UpstreamUrl(String scheme, String host, int port, String pathAndQuery) {

    /**
     * The base URL with {@code path} appended, without doubling or losing a slash.
     *
     * @param base an absolute URL without query or fragment (as {@link UpstreamAddressGuard#checkBaseUrl}
     *     and the catalog ensure); a trailing slash is ignored
     * @param path the API path, which may carry a query ({@code :streamGenerateContent?alt=sse})
     */
    public static UpstreamUrl join(URI base, String path) {
        if (base.getRawQuery() != null || base.getRawFragment() != null) {
            throw new IllegalArgumentException("a base URL has no query or fragment");
        }
        String basePath = base.getRawPath() == null ? "" : base.getRawPath();
        int end = basePath.length();
        while (end > 0 && basePath.charAt(end - 1) == '/') end--;
        String joined = basePath.substring(0, end) + (path.startsWith("/") ? path : "/" + path);
        return new UpstreamUrl(base.getScheme(), base.getHost(), base.getPort(), joined);
    }

    /** A whole URL taken apart as it is; parses, so it is for one-off calls and tests, not the request path. */
    public static UpstreamUrl of(URI url) {
        String path = url.getRawPath() == null ? "" : url.getRawPath();
        return new UpstreamUrl(url.getScheme(), url.getHost(), url.getPort(),
                url.getRawQuery() == null ? path : path + "?" + url.getRawQuery());
    }

    public boolean https() {
        return "https".equalsIgnoreCase(scheme);
    }

    /** The port to connect to: the URL's own, else 443 or 80. */
    public int effectivePort() {
        return port > 0 ? port : (https() ? 443 : 80);
    }

    /** The same URL as a {@link URI}; parses, so it is for logs and tests, not the request path. */
    public URI toUri() {
        return URI.create(toString());
    }

    /** The URL as written: {@code scheme://host[:port]/path?query}. */
    @Override
    public String toString() {
        return scheme + "://" + host + (port < 0 ? "" : ":" + port) + pathAndQuery;
    }
}
