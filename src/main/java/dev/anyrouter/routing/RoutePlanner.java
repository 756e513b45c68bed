package dev.anyrouter.routing;

import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.UpstreamTarget;
import dev.anyrouter.vault.Secret;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Turns a model id into a {@link Plan} for one caller: the caller's keys of the model's provider
 * that are in scope for the calling API key and can serve now, in the order the pool's strategy
 * gives, then the operator's keys when the pool allows the credits fall-through. {@link #cached}
 * answers from memory alone (the request path's common case); {@link #plan} may read the store
 * and open the vault, so it runs off the event loop.
 */
public final class RoutePlanner {
    private final ModelResolver resolver;
    private final KeyDirectory directory;
    private final KeyPools pools;
    private final KeyHealth health;

    public RoutePlanner(ModelResolver resolver, KeyDirectory directory, KeyPools pools, KeyHealth health) {
        this.resolver = resolver;
        this.directory = directory;
        this.pools = pools;
        this.health = health;
    }

    /** The model placed, or a {@link NoRouteException} saying the id is unknown. */
    public ModelRef place(String modelId) {
        return resolver.resolve(modelId).orElseThrow(() -> new NoRouteException(NoRouteException.Reason.UNKNOWN_MODEL,
                "model '" + modelId + "' is not one AnyRouter can place: name it as provider/model, e.g. openai/gpt-4.1-mini"));
    }

    /** A plan from cached keys, settings and credentials only; empty when anything needs loading. */
    public Optional<Plan> cached(String accountId, String apiKeyId, ModelRef ref) {
        String provider = ref.provider().id();
        List<ProviderKeyRecord> keys = directory.cachedPool(accountId, provider);
        KeyPools.Pool pool = pools.cached(accountId, provider);
        if (keys == null || pool == null) return Optional.empty();
        List<ProviderKeyRecord> operatorKeys = List.of();
        KeyPools.Pool operatorPool = null;
        if (pool.config().fallbackToCredits()) {
            operatorKeys = directory.cachedPool(OperatorKeys.ACCOUNT_ID, provider);
            operatorPool = pools.cached(OperatorKeys.ACCOUNT_ID, provider);
            if (operatorKeys == null || operatorPool == null) return Optional.empty();
        }
        try {
            return Optional.of(build(ref, apiKeyId, keys, pool, operatorKeys, operatorPool, key -> {
                Secret s = directory.cachedSecret(key);
                if (s == null) throw new NotCached();
                return s;
            }));
        } catch (NotCached e) {
            return Optional.empty();
        }
    }

    /** A plan, loading keys and settings and opening credentials as needed; blocking. */
    public Plan plan(String accountId, String apiKeyId, ModelRef ref) {
        String provider = ref.provider().id();
        List<ProviderKeyRecord> keys = orLoad(directory.cachedPool(accountId, provider), () -> directory.loadPool(accountId, provider));
        KeyPools.Pool pool = orLoad(pools.cached(accountId, provider), () -> pools.load(accountId, provider));
        List<ProviderKeyRecord> operatorKeys = List.of();
        KeyPools.Pool operatorPool = null;
        if (pool.config().fallbackToCredits()) {
            operatorKeys = orLoad(directory.cachedPool(OperatorKeys.ACCOUNT_ID, provider),
                    () -> directory.loadPool(OperatorKeys.ACCOUNT_ID, provider));
            operatorPool = orLoad(pools.cached(OperatorKeys.ACCOUNT_ID, provider), () -> pools.load(OperatorKeys.ACCOUNT_ID, provider));
        }
        return build(ref, apiKeyId, keys, pool, operatorKeys, operatorPool, directory::open);
    }

    private Plan build(ModelRef ref, String apiKeyId, List<ProviderKeyRecord> keys, KeyPools.Pool pool,
                       List<ProviderKeyRecord> operatorKeys, KeyPools.Pool operatorPool,
                       Function<ProviderKeyRecord, Secret> secrets) {
        List<ProviderKeyRecord> inScope = keys.stream()
                .filter(k -> k.status() != KeyStatus.DISABLED && k.allows(apiKeyId)).toList();
        List<Attempt> attempts = attempts(ref, serving(inScope, ref), pool, Billing.BYOK, secrets);
        List<Attempt> credits = operatorPool == null ? List.of()
                : attempts(ref, serving(operatorKeys, ref), operatorPool, Billing.CREDITS, secrets);
        if (inScope.isEmpty() && !pool.config().fallbackToCredits()) {
            Provider p = ref.provider();
            throw new NoRouteException(NoRouteException.Reason.NO_KEY, "no key for provider " + p.id() + " can serve model "
                    + ref.upstreamModel() + ": add a " + p.name() + " key at /byok (or POST /api/v1/byok), or let credits"
                    + " serve it with PUT /api/v1/byok/pools/" + p.id() + " {\"fallback_to_credits\": true}");
        }
        return new Plan(ref, attempts, credits, inScope, pool.config());
    }

    /** The keys that may be tried now: active, and neither cooling down, ejected nor quarantined in memory. */
    private List<ProviderKeyRecord> serving(List<ProviderKeyRecord> keys, ModelRef ref) {
        return keys.stream().filter(k -> k.status() == KeyStatus.ACTIVE
                && health.check(k, ref.upstreamModel()).state().serves()).toList();
    }

    private static List<Attempt> attempts(ModelRef ref, List<ProviderKeyRecord> keys, KeyPools.Pool pool, Billing billing,
                                          Function<ProviderKeyRecord, Secret> secrets) {
        List<Attempt> out = new ArrayList<>(keys.size());
        for (ProviderKeyRecord key : pool.strategy().order(keys)) {
            URI base = key.baseUrl() == null || key.baseUrl().isBlank() ? ref.provider().baseUrl() : URI.create(key.baseUrl());
            out.add(new Attempt(ref, key, new UpstreamTarget(ref.provider(), base, secrets.apply(key), key.headers()), billing));
        }
        return out;
    }

    private static <T> T orLoad(T cached, java.util.function.Supplier<T> load) {
        return cached != null ? cached : load.get();
    }

    /** A credential that is not opened yet: the cached path gives up and the blocking path runs. */
    private static final class NotCached extends RuntimeException {
        NotCached() {
            super(null, null, false, false);
        }
    }
}
