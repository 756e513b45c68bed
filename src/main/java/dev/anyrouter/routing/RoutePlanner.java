package dev.anyrouter.routing;

import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.UpstreamTarget;
import dev.anyrouter.vault.Secret;
import java.net.URI;
import java.util.List;
import java.util.Optional;

/**
 * Turns a model id into a {@link Plan} for one caller. For now a plan is the first active key
 * of the model's provider that is in scope for the calling API key. {@link #cached} answers
 * from memory alone (the request path's common case); {@link #plan} may read the store and
 * open the vault, so it runs off the event loop.
 */
public final class RoutePlanner {
    private final ModelResolver resolver;
    private final KeyDirectory directory;

    public RoutePlanner(ModelResolver resolver, KeyDirectory directory) {
        this.resolver = resolver;
        this.directory = directory;
    }

    /** The model placed, or a {@link NoRouteException} saying the id is unknown. */
    public ModelRef place(String modelId) {
        return resolver.resolve(modelId).orElseThrow(() -> new NoRouteException(NoRouteException.Reason.UNKNOWN_MODEL,
                "model '" + modelId + "' is not one AnyRouter can place: name it as provider/model, e.g. openai/gpt-4.1-mini"));
    }

    /** A plan from cached keys and credentials only; empty when anything needs loading. */
    public Optional<Plan> cached(String accountId, String apiKeyId, ModelRef ref) {
        List<ProviderKeyRecord> keys = directory.cachedActive(accountId, ref.provider().id());
        if (keys == null) return Optional.empty();
        ProviderKeyRecord key = firstInScope(keys, apiKeyId, ref);
        Secret secret = directory.cachedSecret(key);
        return secret == null ? Optional.empty() : Optional.of(planFor(ref, key, secret));
    }

    /** A plan, loading keys and opening the credential as needed; blocking. */
    public Plan plan(String accountId, String apiKeyId, ModelRef ref) {
        List<ProviderKeyRecord> keys = directory.cachedActive(accountId, ref.provider().id());
        if (keys == null) keys = directory.loadActive(accountId, ref.provider().id());
        ProviderKeyRecord key = firstInScope(keys, apiKeyId, ref);
        return planFor(ref, key, directory.open(key));
    }

    private static ProviderKeyRecord firstInScope(List<ProviderKeyRecord> keys, String apiKeyId, ModelRef ref) {
        for (ProviderKeyRecord key : keys) {
            if (key.scope().isEmpty() || (apiKeyId != null && key.scope().contains(apiKeyId))) return key;
        }
        Provider p = ref.provider();
        throw new NoRouteException(NoRouteException.Reason.NO_KEY, "no key for provider " + p.id() + " can serve model "
                + ref.upstreamModel() + ": add a " + p.name() + " key at /byok (or POST /api/v1/byok)");
    }

    private static Plan planFor(ModelRef ref, ProviderKeyRecord key, Secret secret) {
        URI base = key.baseUrl() == null || key.baseUrl().isBlank() ? ref.provider().baseUrl() : URI.create(key.baseUrl());
        return new Plan(List.of(new Attempt(ref, key, new UpstreamTarget(ref.provider(), base, secret, key.headers()))));
    }
}
