package dev.anyrouter.providers;

import java.net.URI;

/** Joins a base URL (no trailing slash) and an API path without doubling or losing a slash. */
final class UpstreamUrls {
    private UpstreamUrls() {}

    static URI join(URI base, String path) {
        String b = base.toString();
        while (b.endsWith("/")) b = b.substring(0, b.length() - 1);
        return URI.create(b + (path.startsWith("/") ? path : "/" + path));
    }
}
