package dev.anyrouter.routing;

import dev.anyrouter.store.Caches;
import com.github.benmanes.caffeine.cache.Cache;
import dev.anyrouter.keys.DonatedKeys;
import dev.anyrouter.keys.KeyDirectory;
import dev.anyrouter.keys.KeyStatus;
import dev.anyrouter.keys.OperatorKeys;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.UpstreamTarget;
import dev.anyrouter.vault.Secret;
import dev.anyrouter.vault.VaultException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns route targets into a {@link Plan} for one caller: for each target model, the caller's
 * keys of its provider that are in scope for the calling API key, admitted by the target and able
 * to serve now, in the order the pool's strategy gives, then the operator's keys when credits may
 * serve the target (see {@link PoolCredits}: by default while the caller has no key of the provider). A target no key of the caller may serve and credits may not serve
 * is left out; {@link #cached} answers from memory alone (the request path's common case);
 * {@link #plan} may read the store and open the vault, so it runs off the event loop.
 */
public final class RoutePlanner {
    private static final Logger LOG = LoggerFactory.getLogger(RoutePlanner.class);
    private final ModelResolver resolver;
    private final KeyDirectory directory;
    private final KeyPools pools;
    private final KeyHealth health;
    private final Donations donations;
    /** The donated keys in the order {@link #pooled} gives them. */
    private static final KeySelectionStrategy AS_PLANNED = keys -> keys;
    /** Parsed base URLs of stored keys (one per distinct URL): parsed once, not per request. */
    private final Cache<String, URI> baseUrls = Caches.bounded(10_000);

    /**
     * The donation pool as the planner uses it: the donated keys, the pool's view of their headroom,
     * and whether credits traffic tries them before the operator's keys (the operator's setting).
     */
    public record Donations(DonatedKeys keys, PoolHeadroom headroom, boolean poolFirst) {}

    /** A planner without a donation pool: credits traffic goes to the operator's keys only. */
    public RoutePlanner(ModelResolver resolver, KeyDirectory directory, KeyPools pools, KeyHealth health) {
        this(resolver, directory, pools, health, null);
    }

    /** A planner whose credits traffic may also go to keys donated to the pool ({@code donations} null: none). */
    public RoutePlanner(ModelResolver resolver, KeyDirectory directory, KeyPools pools, KeyHealth health, Donations donations) {
        this.resolver = resolver;
        this.directory = directory;
        this.pools = pools;
        this.health = health;
        this.donations = donations;
    }

    /** The model placed, or a {@link NoRouteException} saying the id is unknown. */
    public ModelRef place(String modelId) {
        return resolver.resolve(modelId).orElseThrow(() -> new NoRouteException(NoRouteException.Reason.UNKNOWN_MODEL,
                "model '" + modelId + "' is not one AnyRouter can place: name it as provider/model, e.g. openai/gpt-4.1-mini,"
                        + " or use anyrouter/byok, anyrouter/coding or anyrouter/agent"));
    }

    /** The servable models of the targets from cached keys, settings and credentials only; empty when anything needs loading. */
    public Optional<List<ModelPlan>> cached(String accountId, String apiKeyId, List<RouteTarget> targets) {
        return cached(accountId, apiKeyId, targets, 0);
    }

    /** As {@link #cached(String, String, List)}, for a request of about {@code tokens} tokens. */
    public Optional<List<ModelPlan>> cached(String accountId, String apiKeyId, List<RouteTarget> targets, long tokens) {
        try {
            return Optional.of(build(accountId, apiKeyId, targets, tokens, new Source() {
                @Override
                public List<ProviderKeyRecord> keys(String account, String provider) {
                    return orMiss(directory.cachedPool(account, provider));
                }

                @Override
                public KeyPools.Pool pool(String account, String provider) {
                    return orMiss(pools.cached(account, provider));
                }

                @Override
                public Secret secret(ProviderKeyRecord key) {
                    return orMiss(directory.cachedSecret(key));
                }

                @Override
                public List<DonatedKeys.Donated> donated(String provider) {
                    return orMiss(donations.keys().cached(provider));
                }
            }));
        } catch (NotCached e) {
            return Optional.empty();
        }
    }

    /** The servable models of the targets, loading keys and settings and opening credentials as needed; blocking. */
    public List<ModelPlan> plan(String accountId, String apiKeyId, List<RouteTarget> targets) {
        return plan(accountId, apiKeyId, targets, 0);
    }

    /** As {@link #plan(String, String, List)}, for a request of about {@code tokens} tokens; blocking. */
    public List<ModelPlan> plan(String accountId, String apiKeyId, List<RouteTarget> targets, long tokens) {
        return build(accountId, apiKeyId, targets, tokens, new Source() {
            @Override
            public List<ProviderKeyRecord> keys(String account, String provider) {
                return orLoad(directory.cachedPool(account, provider), () -> directory.loadPool(account, provider));
            }

            @Override
            public KeyPools.Pool pool(String account, String provider) {
                return orLoad(pools.cached(account, provider), () -> pools.load(account, provider));
            }

            @Override
            public Secret secret(ProviderKeyRecord key) {
                return directory.open(key);
            }

            @Override
            public List<DonatedKeys.Donated> donated(String provider) {
                return orLoad(donations.keys().cached(provider), () -> donations.keys().load(provider));
            }
        });
    }

    /**
     * Why a model named by its id has no route, and what the caller can do: add a key of its provider, or,
     * where the operator's credits cover the provider, switch the account's credits for it back on (a request
     * reaches here with credits covering the provider only when the account switched them off).
     */
    NoRouteException noKey(RouteTarget target) {
        ModelRef ref = target.model();
        Provider p = ref.provider();
        List<ProviderKeyRecord> capacity = directory.cachedPool(OperatorKeys.ACCOUNT_ID, p.id());
        String credits;
        if (target.credits() == RouteTarget.Credits.NEVER) {
            credits = "; the preset asked for keeps credits out";
        } else if (capacity == null) {
            credits = ", or, where this server's credits cover " + p.name() + ", let them serve it: set " + p.name()
                    + "'s credits at /byok (or PUT /api/v1/byok/pools/" + p.id() + " {\"credits\": \"without_keys\"})";
        } else if (capacity.isEmpty()) {
            credits = "; AnyRouter credits do not cover " + p.name() + " on this server";
        } else {
            credits = ", or let your credits serve it: you switched them off for " + p.name() + "; switch them on at /byok"
                    + " (or PUT /api/v1/byok/pools/" + p.id() + " {\"credits\": \"without_keys\"})";
        }
        return new NoRouteException(NoRouteException.Reason.NO_KEY, "no key of yours for " + p.name() + " can serve model "
                + ref.upstreamModel() + ": add a key for " + p.name() + " at /byok (or POST /api/v1/byok)" + credits);
    }

    /** Where keys, pool settings and credentials come from: the cache alone, or the cache and the store. */
    private interface Source {
        List<ProviderKeyRecord> keys(String accountId, String provider);

        KeyPools.Pool pool(String accountId, String provider);

        Secret secret(ProviderKeyRecord key);

        /** The provider's donated keys (only asked when the planner has a donation pool). */
        List<DonatedKeys.Donated> donated(String provider);
    }

    private List<ModelPlan> build(String accountId, String apiKeyId, List<RouteTarget> targets, long tokens, Source source) {
        List<ModelPlan> out = new ArrayList<>(targets.size());
        for (RouteTarget target : targets) {
            ModelPlan model = model(accountId, apiKeyId, target, tokens, source);
            if (model != null) out.add(model);
        }
        return out;
    }

    /** One target's attempts; null when neither the caller's keys nor credits may serve it. */
    private ModelPlan model(String accountId, String apiKeyId, RouteTarget target, long tokens, Source source) {
        ModelRef ref = target.model();
        String provider = ref.provider().id();
        List<ProviderKeyRecord> inScope = new ArrayList<>();
        for (ProviderKeyRecord k : source.keys(accountId, provider)) {
            if (k.status() != KeyStatus.DISABLED && k.allows(apiKeyId) && target.admits(k)) inScope.add(k);
        }
        KeyPools.Pool pool = source.pool(accountId, provider);
        boolean creditsAllowed = switch (target.credits()) {
            case POOL -> switch (pool.config().credits()) {
                case FALLBACK -> true;
                // Only here are the operator's keys looked at before credits are known to be allowed: an account with
                // keys of its own pays nothing for this rule on the request path.
                case WITHOUT_KEYS -> inScope.isEmpty() && !source.keys(OperatorKeys.ACCOUNT_ID, provider).isEmpty();
                case NEVER -> false;
            };
            case NEVER -> false;
            case ALLOWED -> true;
        };
        if (inScope.isEmpty() && !creditsAllowed) {
            // No route: the operator's keys are read (cached after once) so the refusal can say whether credits would serve.
            if (target.credits() == RouteTarget.Credits.POOL) source.keys(OperatorKeys.ACCOUNT_ID, provider);
            return null;
        }
        List<Attempt> attempts = attempts(ref, serving(inScope, ref), pool, Billing.BYOK, tokens, source);
        List<Attempt> credits = List.of();
        if (creditsAllowed) {
            KeyPools.Pool operatorPool = source.pool(OperatorKeys.ACCOUNT_ID, provider);
            credits = attempts(ref, serving(source.keys(OperatorKeys.ACCOUNT_ID, provider), ref), operatorPool, Billing.CREDITS, tokens,
                    source);
            if (donations != null) {
                List<Attempt> pooled = attempts(ref, pooled(accountId, source.donated(provider), ref), AS_PLANNED,
                        Billing.POOL, tokens, source);
                List<Attempt> both = new ArrayList<>(credits.size() + pooled.size());
                both.addAll(donations.poolFirst() ? pooled : credits);
                both.addAll(donations.poolFirst() ? credits : pooled);
                credits = both;
            }
        }
        return new ModelPlan(ref, attempts, credits, inScope, creditsAllowed);
    }

    /** The keys that may be tried now: active, and neither cooling down, ejected nor quarantined in memory. */
    private List<ProviderKeyRecord> serving(List<ProviderKeyRecord> keys, ModelRef ref) {
        List<ProviderKeyRecord> out = new ArrayList<>(keys.size());
        for (ProviderKeyRecord k : keys) {
            if (k.status() == KeyStatus.ACTIVE && health.check(k, ref.upstreamModel()).state().serves()) out.add(k);
        }
        return out;
    }

    /**
     * The donated keys that may serve this caller's pool request now: never the caller's own (its
     * keys were tried as its own), each serving (active, healthy), with pool headroom (not in the
     * pool's longer cool-down) and within its owner's caps; the least used today first, so the
     * pool's load spreads over its donors.
     */
    private List<ProviderKeyRecord> pooled(String accountId, List<DonatedKeys.Donated> donated, ModelRef ref) {
        List<DonatedKeys.Donated> open = new ArrayList<>(donated.size());
        for (DonatedKeys.Donated d : donated) {
            if (!d.key().accountId().equals(accountId) && d.withinCaps() && donations.headroom().admits(d.key().id())) open.add(d);
        }
        open.sort(java.util.Comparator.comparingLong(DonatedKeys.Donated::requestsToday).thenComparing(d -> d.key().id()));
        return serving(open.stream().map(DonatedKeys.Donated::key).toList(), ref);
    }

    private List<Attempt> attempts(ModelRef ref, List<ProviderKeyRecord> keys, KeyPools.Pool pool, Billing billing, long tokens,
                                          Source source) {
        return attempts(ref, keys, pool.strategy(), billing, tokens, source);
    }

    private List<Attempt> attempts(ModelRef ref, List<ProviderKeyRecord> keys, KeySelectionStrategy strategy, Billing billing,
                                          long tokens, Source source) {
        List<Attempt> out = new ArrayList<>(keys.size());
        for (ProviderKeyRecord key : strategy.order(keys, ref.upstreamModel(), tokens)) {
            URI base = key.baseUrl() == null || key.baseUrl().isBlank() ? ref.provider().baseUrl() : baseUrl(key.baseUrl());
            Secret secret;
            try {
                secret = source.secret(key);
            } catch (VaultException doesNotOpen) {
                // A row that does not open (edited in the database, say its base URL) is never tried: nothing is sent.
                LOG.warn("provider key {} ({}) is skipped: {}", key.id(), key.alias(), doesNotOpen.getMessage());
                continue;
            }
            out.add(new Attempt(ref, key, new UpstreamTarget(ref.provider(), base, secret, key.headers()), billing));
        }
        return out;
    }

    private URI baseUrl(String url) {
        return baseUrls.get(url, URI::create);
    }

    private static <T> T orLoad(T cached, Supplier<T> load) {
        return cached != null ? cached : load.get();
    }

    private static <T> T orMiss(T cached) {
        if (cached == null) throw new NotCached();
        return cached;
    }

    /** Something is not cached: the cached path gives up and the blocking path runs. */
    private static final class NotCached extends RuntimeException {
        NotCached() {
            super(null, null, false, false);
        }
    }
}
