package dev.anyrouter.cluster;

import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;

/**
 * A fact that changed and that every node's memory must follow: a cached row dropped, a key's
 * health learned. Published through {@link ChangeFeed}, which delivers it to this node's listeners
 * at once and, on PostgreSQL, to every other node's through {@code NOTIFY}.
 *
 * <p>To add a change: add a record here (ids only, never a secret: the payload crosses the
 * database in the clear and is limited to a few kilobytes), name it in {@link JsonSubTypes} with a
 * stable wire name (nodes of two versions may run side by side during a rolling upgrade: a name
 * a node does not know is skipped with a warning and its caches are dropped instead), publish it
 * where the change is made, and handle it in the gateway's one exhaustive switch
 * ({@code app/ChangeFollowers}), which the compiler makes you extend.
 */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
        @JsonSubTypes.Type(value = Change.ApiKeyCreated.class, name = "api_key_created"),
        @JsonSubTypes.Type(value = Change.ApiKeyRevoked.class, name = "api_key_revoked"),
        @JsonSubTypes.Type(value = Change.ProviderKeyChanged.class, name = "provider_key_changed"),
        @JsonSubTypes.Type(value = Change.PoolChanged.class, name = "pool_changed"),
        @JsonSubTypes.Type(value = Change.PresetChanged.class, name = "preset_changed"),
        @JsonSubTypes.Type(value = Change.AccountDisabled.class, name = "account_disabled"),
        @JsonSubTypes.Type(value = Change.KeyQuarantined.class, name = "key_quarantined"),
        @JsonSubTypes.Type(value = Change.KeyCooledDown.class, name = "key_cooled_down"),
        @JsonSubTypes.Type(value = Change.KeyEjected.class, name = "key_ejected"),
        @JsonSubTypes.Type(value = Change.KeyRecovered.class, name = "key_recovered"),
        @JsonSubTypes.Type(value = Change.DonationChanged.class, name = "donation_changed"),
})
public sealed interface Change {
    /** An AnyRouter API key was made. */
    record ApiKeyCreated(String accountId, String keyId) implements Change {}

    /** An AnyRouter API key was revoked: no node may accept it from now on. */
    record ApiKeyRevoked(String accountId, String keyId) implements Change {}

    /** One of an account's provider keys changed in the store; {@code what} says how. */
    record ProviderKeyChanged(String accountId, String keyId, What what) implements Change {
        /** How a provider key changed. */
        public enum What {
            ADDED, CHANGED, STATUS_SET, DELETED, VALIDATED, REJECTED, QUARANTINED;

            /**
             * Whether what each node learned of the key's health is forgotten: the owner switched it on or
             * off, removed it, or a live check found it valid.
             */
            public boolean resetsHealth() {
                return this == STATUS_SET || this == DELETED || this == VALIDATED;
            }
        }
    }

    /** A pool's settings (strategy, fall-through to credits) changed. */
    record PoolChanged(String accountId, String provider) implements Change {}

    /**
     * A key's donation to the pool was switched (off, ready, on) or its caps changed: every node
     * reloads the provider's donated keys before it plans another pool request.
     */
    record DonationChanged(String accountId, String keyId, String provider) implements Change {}

    /** A preset was created, replaced or deleted. */
    record PresetChanged(String accountId, String name) implements Change {}

    /** An account was disabled: everything cached for it is dropped, so its keys are looked up (and refused) again. */
    record AccountDisabled(String accountId) implements Change {}

    /** What one node learned of a provider key's health from an upstream's answer. */
    sealed interface HealthChange extends Change {
        String keyId();
    }

    /** The provider refused the key (or its quota is spent): out of every pool until re-validated. */
    record KeyQuarantined(String accountId, String keyId, String reason) implements HealthChange {}

    /** The key answered 429 for {@code model}: skipped for that model until then. */
    record KeyCooledDown(String keyId, String model, long untilEpochMilli, int streak, String reason) implements HealthChange {}

    /** The key failed transiently too often: skipped until then, after which one node probes it. */
    record KeyEjected(String keyId, long untilEpochMilli, int ejections, String reason) implements HealthChange {}

    /** A probe of an ejected key succeeded: it serves again. */
    record KeyRecovered(String keyId) implements HealthChange {}

    /**
     * This node may have missed changes (its connection to the other nodes dropped, or a change it
     * could not read arrived): every cache of stored facts is dropped. Delivered by the feed itself,
     * never published.
     */
    record CachesStale(String why) implements Change {}
}
