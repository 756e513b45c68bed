package dev.anyrouter.web;

import io.vertx.core.Future;

/**
 * Re-validates a stored key live and puts it back in its pool when the provider accepts it (the
 * gateway passes {@code ByokService.revalidate}, the same check as
 * {@code POST /api/v1/byok/{id}/validate}); null turns the dashboard's "Re-validate" button off.
 */
@FunctionalInterface
public interface KeyRecheck {
    /** A one-line outcome for the user ("valid", "rejected: …", "unreachable: …"); fails like {@code ByokService} does. */
    Future<String> recheck(String accountId, String keyId);
}
