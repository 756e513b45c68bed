package dev.anyrouter.web;

import io.vertx.core.Future;

/**
 * Re-validates a stored key live and puts it back in its pool when the provider accepts it.
 *
 * <p>HOOK (issue "key pools"): {@code POST /api/v1/byok/{id}/validate} is not on main yet. When it
 * lands, pass its logic as {@code Dashboard.Services.recheck} in {@code Gateway}; until then (null) the
 * dashboard shows no "Re-validate" button (a quarantined key can still be switched back on with
 * "Enable").
 */
@FunctionalInterface
public interface KeyRecheck {
    /** A one-line outcome for the user ("valid", "rejected: …", "unreachable: …"); fails like {@code ByokService} does. */
    Future<String> recheck(String accountId, String keyId);
}
