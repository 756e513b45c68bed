package dev.anyrouter.providers;

import dev.anyrouter.vault.Secret;
import java.net.URI;
import java.util.Map;

/**
 * Where and as whom a call goes: the provider, the base URL to use (the key's own or the
 * provider's default), the decrypted credential and the key's extra headers.
 */
public record UpstreamTarget(Provider provider, URI baseUrl, Secret credential, Map<String, String> extraHeaders) {
    @Override
    public String toString() {
        return "UpstreamTarget[" + provider.id() + " " + baseUrl + "]";
    }
}
