package dev.anyrouter.web;

import dev.anyrouter.accounts.ApiKeyInfo;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.routing.ProviderKeyRecord;
import io.vertx.core.MultiMap;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Builds what the /byok page and its key dialog show from the stored keys and the catalog. */
final class ByokCards {
    private final ProviderCatalog catalog;
    private final Clock clock;

    ByokCards(ProviderCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /** One card per provider, those with keys first, keys in priority order; {@code query} narrows them. */
    List<ByokView.ProviderCard> build(List<ProviderKeyRecord> keys, List<ApiKeyInfo> apiKeys, String query) {
        Map<String, String> apiKeyNames = apiKeys.stream().collect(Collectors.toMap(ApiKeyInfo::id, ApiKeyInfo::name));
        Map<String, List<ProviderKeyRecord>> byProvider = keys.stream().collect(Collectors.groupingBy(ProviderKeyRecord::provider));
        String needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        List<ByokView.ProviderCard> cards = new ArrayList<>();
        for (Provider provider : catalog.all()) {
            List<ProviderKeyRecord> own = byProvider.getOrDefault(provider.id(), List.of()).stream()
                    .sorted(Comparator.comparingInt(ProviderKeyRecord::priority).thenComparing(ProviderKeyRecord::createdAt))
                    .toList();
            String searchText = (provider.id() + " " + provider.name() + " "
                    + own.stream().map(ProviderKeyRecord::alias).collect(Collectors.joining(" "))).toLowerCase(Locale.ROOT);
            if (!needle.isEmpty() && !searchText.contains(needle)) continue;
            cards.add(new ByokView.ProviderCard(provider.id(), provider.name(), provider.wire().name().toLowerCase(Locale.ROOT),
                    provider.keyHint(), searchText, own.stream().map(k -> row(k, apiKeyNames)).toList(), null));
        }
        cards.sort(Comparator.comparing((ByokView.ProviderCard c) -> c.keys().isEmpty()));
        return cards;
    }

    KeyFormView addForm(WebSession session, Provider provider, List<ApiKeyInfo> apiKeys, MultiMap typed, String error) {
        List<String> scope = typed == null ? List.of() : typed.getAll("scope");
        return new KeyFormView(session.csrfToken(), provider.id(), provider.name(), provider.keyHint(), provider.docs().toString(),
                provider.baseUrl().toString(), null,
                typed == null ? "" : value(typed, "alias"), typed == null ? "1" : value(typed, "priority"),
                typed == null ? "1" : value(typed, "weight"), typed == null ? "" : value(typed, "base_url"),
                choices(apiKeys, scope), headers(provider, Map.of()), error);
    }

    KeyFormView editForm(WebSession session, ProviderKeyRecord key, List<ApiKeyInfo> apiKeys, MultiMap typed, String error) {
        Provider provider = catalog.find(key.provider()).orElseThrow();
        return new KeyFormView(session.csrfToken(), provider.id(), provider.name(), provider.keyHint(), provider.docs().toString(),
                provider.baseUrl().toString(), key.id(),
                typed == null ? key.alias() : value(typed, "alias"),
                typed == null ? Integer.toString(key.priority()) : value(typed, "priority"),
                typed == null ? Integer.toString(key.weight()) : value(typed, "weight"),
                typed == null ? nullToEmpty(key.baseUrl()) : value(typed, "base_url"),
                choices(apiKeys, typed == null ? key.scope() : typed.getAll("scope")), headers(provider, key.headers()), error);
    }

    private ByokView.KeyRow row(ProviderKeyRecord key, Map<String, String> apiKeyNames) {
        String scope = key.scope().isEmpty() ? "all API keys"
                : key.scope().stream().map(id -> apiKeyNames.getOrDefault(id, "a revoked key")).collect(Collectors.joining(", "));
        return new ByokView.KeyRow(key.id(), key.alias(), key.masked(), key.priority(), key.weight(), scope,
                key.status().name().toLowerCase(Locale.ROOT), key.statusReason(),
                Formats.ago(key.lastUsedAt(), clock.instant()), Formats.stamp(key.lastUsedAt()), key.baseUrl());
    }

    private static List<KeyFormView.ScopeChoice> choices(List<ApiKeyInfo> apiKeys, List<String> checked) {
        return apiKeys.stream().map(k -> new KeyFormView.ScopeChoice(k.id(), k.name() + " (" + k.prefix() + ")",
                checked.contains(k.id()))).toList();
    }

    private static List<KeyFormView.HeaderField> headers(Provider provider, Map<String, String> stored) {
        Function<String, Boolean> isSet = name -> stored.keySet().stream().anyMatch(n -> n.equalsIgnoreCase(name));
        return provider.headersAllowed().stream().map(name -> new KeyFormView.HeaderField(name, isSet.apply(name))).toList();
    }

    private static String value(MultiMap form, String name) {
        return nullToEmpty(form.get(name));
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
