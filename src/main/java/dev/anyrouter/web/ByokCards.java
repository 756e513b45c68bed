package dev.anyrouter.web;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.accounts.ApiKeyInfo;
import dev.anyrouter.byok.PoolService;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.providers.ProviderGroup;
import dev.anyrouter.keys.KeyStatus;
import dev.anyrouter.routing.PoolConfig;
import dev.anyrouter.routing.PoolCredits;
import dev.anyrouter.routing.PoolStrategy;
import io.vertx.core.MultiMap;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/** Builds what the /byok page and its key dialog show from the stored keys and the catalog. */
final class ByokCards {
    private static final Map<PoolStrategy, String> STRATEGY_LABELS = Map.of(
            PoolStrategy.FALLBACK, "Fallback: lowest priority number first",
            PoolStrategy.ROUND_ROBIN, "Round robin: even rotation",
            PoolStrategy.WEIGHTED, "Weighted: in proportion to weight",
            PoolStrategy.RANDOM, "Random",
            PoolStrategy.HEADROOM, "Headroom: most rate limit left (suggested)",
            PoolStrategy.LATENCY, "Latency: fastest first token");
    private static final Map<PoolCredits, String> CREDITS_LABELS = Map.of(
            PoolCredits.WITHOUT_KEYS, "Credits while I have no key here",
            PoolCredits.FALLBACK, "Credits also when my keys cannot serve",
            PoolCredits.NEVER, "Never credits");
    private static final DateTimeFormatter UNTIL = DateTimeFormatter.ofPattern("HH:mm:ss 'UTC'").withZone(ZoneOffset.UTC);

    private final ProviderCatalog catalog;
    private final Clock clock;

    ByokCards(ProviderCatalog catalog, Clock clock) {
        this.catalog = catalog;
        this.clock = clock;
    }

    /**
     * One card per provider, in sections: those the account has keys for first (keys in priority order),
     * then each catalog group in its order; {@code query} narrows them (id, name, group or a key's alias).
     */
    List<ByokView.CardGroup> build(List<ProviderKeyRecord> keys, List<ApiKeyInfo> apiKeys, String query,
                                   Map<String, PoolConfig> pools, Map<String, PoolService.Health> health, Set<String> covered) {
        Map<String, String> apiKeyNames = apiKeys.stream().collect(Collectors.toMap(ApiKeyInfo::id, ApiKeyInfo::name));
        Map<String, List<ProviderKeyRecord>> byProvider = keys.stream().collect(Collectors.groupingBy(ProviderKeyRecord::provider));
        String needle = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        List<ByokView.ProviderCard> withKeys = new ArrayList<>();
        Map<ProviderGroup, List<ByokView.ProviderCard>> byGroup = new EnumMap<>(ProviderGroup.class);
        for (Provider provider : catalog.all()) {
            List<ProviderKeyRecord> own = byProvider.getOrDefault(provider.id(), List.of()).stream()
                    .sorted(Comparator.comparingInt(ProviderKeyRecord::priority).thenComparing(ProviderKeyRecord::createdAt))
                    .toList();
            String searchText = (provider.id() + " " + provider.name() + " " + provider.group().label() + " "
                    + own.stream().map(ProviderKeyRecord::alias).collect(Collectors.joining(" "))).toLowerCase(Locale.ROOT);
            if (!needle.isEmpty() && !searchText.contains(needle)) continue;
            PoolConfig config = pools.getOrDefault(provider.id(), PoolConfig.DEFAULT);
            Map<String, String> shares = shares(own, config.strategy());
            ByokView.ProviderCard card = new ByokView.ProviderCard(provider.id(), provider.name(),
                    provider.wire().name().toLowerCase(Locale.ROOT), provider.keyHint(), searchText, provider.docs().toString(),
                    provider.selfHosted(), own.stream().map(k -> row(k, apiKeyNames, health.get(k.id()), shares)).toList(),
                    pool(provider, config, covered.contains(provider.id()), own.stream().anyMatch(k -> k.status() != KeyStatus.DISABLED)));
            if (own.isEmpty()) byGroup.computeIfAbsent(provider.group(), g -> new ArrayList<>()).add(card);
            else withKeys.add(card);
        }
        List<ByokView.CardGroup> groups = new ArrayList<>();
        if (!withKeys.isEmpty()) groups.add(new ByokView.CardGroup("yours", "Your providers", withKeys));
        byGroup.forEach((group, cards) -> groups.add(new ByokView.CardGroup(group.yamlName(), group.label(), cards)));
        return groups;
    }

    KeyFormView addForm(WebSession session, Provider provider, List<ApiKeyInfo> apiKeys, MultiMap typed, String error) {
        return addForm(session, provider, apiKeys, typed, error, null);
    }

    /** As above, with {@code errorParam} the request field the refusal named ({@code key.region}), whose input is marked. */
    KeyFormView addForm(WebSession session, Provider provider, List<ApiKeyInfo> apiKeys, MultiMap typed, String error, String errorParam) {
        List<String> scope = typed == null ? List.of() : typed.getAll("scope");
        return new KeyFormView(session.csrfToken(), provider.id(), provider.name(), provider.keyHint(), provider.docs().toString(),
                provider.baseUrl().toString(), null,
                typed == null ? "" : value(typed, "alias"), typed == null ? "1" : value(typed, "priority"),
                typed == null ? "1" : value(typed, "weight"), typed == null ? "" : value(typed, "base_url"),
                choices(apiKeys, scope), headers(provider, Map.of()), credential(provider, typed),
                provider.credentialForm().map(form -> CloudKeyFields.add(form, typed, errorParam)).orElse(null),
                provider.keyOptional(), provider.selfHosted(), error);
    }

    /** The provider's named credential fields, as typed last time (or at their defaults). */
    private static List<KeyFormView.CredentialInput> credential(Provider provider, MultiMap typed) {
        return provider.credential().fields().stream().map(field -> {
            String value = typed == null ? null : typed.get(KeyForms.CREDENTIAL_PREFIX + field.name());
            if (value == null) value = field.defaultValue() == null ? "" : field.defaultValue();
            String chosen = value;
            return new KeyFormView.CredentialInput(field.name(), field.label(), field.help(),
                    field.choices().keySet().stream().map(v -> new KeyFormView.Option(v, v.equals(chosen))).toList(),
                    value, field.pattern() == null ? null : field.pattern().pattern(), field.required());
        }).toList();
    }

    KeyFormView editForm(WebSession session, ProviderKeyRecord key, List<ApiKeyInfo> apiKeys, MultiMap typed, String error) {
        return editForm(session, key, apiKeys, typed, error, null, null);
    }

    /**
     * As above, for a cloud's key with {@code shown} its credential's fields that are not secret
     * (null for a key of one string) and {@code errorParam} the field the refusal named.
     */
    KeyFormView editForm(WebSession session, ProviderKeyRecord key, List<ApiKeyInfo> apiKeys, MultiMap typed, String error,
                         JsonNode shown, String errorParam) {
        Provider provider = catalog.find(key.provider()).orElseThrow();
        CloudFormView cloud = shown == null ? null
                : provider.credentialForm().map(form -> CloudKeyFields.edit(form, shown, typed, errorParam)).orElse(null);
        return new KeyFormView(session.csrfToken(), provider.id(), provider.name(), provider.keyHint(), provider.docs().toString(),
                provider.baseUrl().toString(), key.id(),
                typed == null ? key.alias() : value(typed, "alias"),
                typed == null ? Integer.toString(key.priority()) : value(typed, "priority"),
                typed == null ? Integer.toString(key.weight()) : value(typed, "weight"),
                typed == null ? nullToEmpty(key.baseUrl()) : value(typed, "base_url"),
                choices(apiKeys, typed == null ? key.scope() : typed.getAll("scope")), headers(provider, key.headers()), List.of(),
                cloud, provider.keyOptional(), provider.selfHosted(), error);
    }

    private static ByokView.Pool pool(Provider provider, PoolConfig config, boolean covered, boolean ownKeys) {
        return new ByokView.Pool(config.strategy().wireName(), Arrays.stream(PoolStrategy.values())
                .map(s -> new ByokView.Choice(s.wireName(), STRATEGY_LABELS.get(s), s == config.strategy())).toList(),
                covered, Arrays.stream(PoolCredits.values())
                .map(c -> new ByokView.Choice(c.wireName(), CREDITS_LABELS.get(c), c == config.credits())).toList(),
                creditsNote(provider.name(), config.credits(), covered, ownKeys));
    }

    /** What the credits setting means for this provider now, in a sentence. */
    static String creditsNote(String provider, PoolCredits credits, boolean covered, boolean ownKeys) {
        if (!covered) return "This server's credits do not cover " + provider + ": only your own keys serve it.";
        return switch (credits) {
            case NEVER -> "Credits never serve " + provider + (ownKeys ? ": only your own keys do." : ": add a key to use it.");
            case WITHOUT_KEYS -> ownKeys ? "Your keys serve " + provider + "; credits would serve it only if you had none."
                    : "Served on your credits: " + provider + " requests spend credits until you add a key.";
            case FALLBACK -> ownKeys ? "Your keys serve " + provider + "; credits serve when none of them can."
                    : "Served on your credits: " + provider + " requests spend credits until you add a key.";
        };
    }

    /** Each enabled key's share of requests under the weighted strategy ("60 %"); none under the others. */
    private static Map<String, String> shares(List<ProviderKeyRecord> keys, PoolStrategy strategy) {
        if (strategy != PoolStrategy.WEIGHTED) return Map.of();
        List<ProviderKeyRecord> enabled = keys.stream().filter(k -> k.status() != KeyStatus.DISABLED).toList();
        long total = enabled.stream().mapToLong(k -> Math.max(0, k.weight())).sum();
        if (total == 0) return Map.of();
        return enabled.stream().collect(Collectors.toMap(ProviderKeyRecord::id,
                k -> Math.round(100.0 * Math.max(0, k.weight()) / total) + " %"));
    }

    /** "active", "cooling until 12:03:04 UTC: 429 …", "quarantined: invalid key (HTTP 401)". */
    static String healthText(PoolService.Health health) {
        StringBuilder text = new StringBuilder(health.status().replace('_', ' '));
        if (health.status().equals("cooling_down")) text.setLength("cooling".length());
        if (health.until() != null) text.append(" until ").append(UNTIL.format(health.until()));
        if (health.reason() != null && !health.reason().isBlank()) text.append(": ").append(health.reason());
        return text.toString();
    }

    private ByokView.KeyRow row(ProviderKeyRecord key, Map<String, String> apiKeyNames, PoolService.Health health,
                                Map<String, String> shares) {
        PoolService.Health shown = health != null ? health
                : new PoolService.Health(key.status().name().toLowerCase(Locale.ROOT), key.statusReason(), null);
        String scope = key.scope().isEmpty() ? "all API keys"
                : key.scope().stream().map(id -> apiKeyNames.getOrDefault(id, "a revoked key")).collect(Collectors.joining(", "));
        return new ByokView.KeyRow(key.id(), key.alias(), key.masked(), key.priority(), key.weight(), shares.getOrDefault(key.id(), ""), scope,
                shown.status(), healthText(shown),
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
