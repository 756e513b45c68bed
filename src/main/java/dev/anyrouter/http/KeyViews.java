package dev.anyrouter.http;

import dev.anyrouter.byok.ByokService;
import dev.anyrouter.byok.PoolService;
import dev.anyrouter.keys.KeyStatus;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.routing.KeyHealth;
import java.util.Map;

/**
 * A provider key as the management API shows it, with its live health: {@code status} is one of
 * active, disabled, quarantined, cooling_down, ejected or probing, with {@code status_reason} and
 * {@code status_until} (null when it has no end).
 */
final class KeyViews {
    private KeyViews() {}

    /** As {@link #withHealth(ProviderKeyRecord, KeyHealth)}, with a cloud credential's non-secret fields. */
    static Map<String, Object> withHealth(ProviderKeyRecord key, KeyHealth keyHealth, ByokService service) {
        Map<String, Object> v = withHealth(key, keyHealth);
        service.credentialFields(key).ifPresent(fields -> v.put("credential", fields));
        return v;
    }

    static Map<String, Object> withHealth(ProviderKeyRecord key, KeyHealth keyHealth) {
        Map<String, Object> v = ByokRoutes.view(key);
        PoolService.Health health = PoolService.Health.of(key, keyHealth);
        v.put("status", health.status());
        if (key.status() != KeyStatus.DISABLED && health.reason() != null) v.put("status_reason", health.reason());
        v.put("status_until", health.until() == null ? null : health.until().toString());
        return v;
    }
}
