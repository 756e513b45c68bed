package dev.anyrouter.providers;

/**
 * A base URL on a host the provider's keys may not be sent to: neither one of the provider's own
 * hosts (the catalog's {@code hosts:}), nor one the operator listed ({@code --upstream-hosts}), nor a
 * private address while {@code --allow-private-upstreams} is on. The message names the host and the
 * setting that would allow it, and carries no credential.
 */
public final class BaseUrlNotAllowedException extends UpstreamRefusedException {
    public BaseUrlNotAllowedException(String message) {
        super(message);
    }
}
