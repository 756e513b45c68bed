package dev.anyrouter.http;

import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.routing.KeyStatus;
import dev.anyrouter.routing.ProviderKeyRecord;
import java.util.Locale;
import java.util.Map;

/**
 * A provider key as the management API shows it, with its live health: {@code status} is one of
 * active, disabled, quarantined, cooling_down, ejected or probing, with {@code status_reason} and
 * {@code status_until} (null when it has no end).
 */
final class KeyViews {
    private KeyViews() {}

    static Map<String, Object> withHealth(ProviderKeyRecord key, KeyHealth health) {
        Map<String, Object> v = ByokRoutes.view(key);
        if (key.status() == KeyStatus.DISABLED) {
            v.put("status_until", null);
            return v;
        }
        KeyHealth.Status status = health.overall(key);
        v.put("status", switch (status.state()) {
            case HEALTHY -> "active";
            default -> status.state().name().toLowerCase(Locale.ROOT);
        });
        if (status.reason() != null) v.put("status_reason", status.reason());
        v.put("status_until", status.until() == null ? null : status.until().toString());
        return v;
    }
}
