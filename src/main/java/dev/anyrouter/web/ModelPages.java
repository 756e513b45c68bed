package dev.anyrouter.web;

import dev.anyrouter.byok.ByokService;
import dev.anyrouter.keys.KeyStatus;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.providers.ModelCatalog;
import dev.anyrouter.providers.ModelEntry;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.routing.ReachableModel;
import dev.anyrouter.routing.ReachableModels;
import dev.anyrouter.routing.RequestNeeds;
import dev.anyrouter.routing.VirtualModel;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * {@code /models}: the models the account's keys reach, and those credits serve where it has no key
 * of a provider the operator covers, each with its context, list price and capabilities from the
 * catalog; and what each {@code anyrouter/*} model would pick now (its strongest candidate).
 */
final class ModelPages {
    private final ReachableModels reachable;
    private final ModelCatalog models;
    private final ProviderCatalog providers;
    private final ByokService byok;
    private final Blocking blocking;
    private final SessionGate gate;

    ModelPages(ReachableModels reachable, ModelCatalog models, ProviderCatalog providers, ByokService byok, Blocking blocking,
               SessionGate gate) {
        this.reachable = reachable;
        this.models = models;
        this.providers = providers;
        this.byok = byok;
        this.blocking = blocking;
        this.gate = gate;
    }

    void mount(Router router) {
        PageRoutes.get(router, "/models", ctx -> gate.serve(ctx, session -> page(session)));
    }

    private Future<Reply> page(WebSession session) {
        return byok.list(session.accountId()).compose(keys -> blocking.run(() -> {
            List<ReachableModel> reach = reachable.load(session.accountId());
            Set<String> withKeys = keys.stream().filter(k -> k.status() != KeyStatus.DISABLED).map(ProviderKeyRecord::provider)
                    .collect(Collectors.toSet());
            Map<String, ModelsView.Row> rows = new LinkedHashMap<>();
            for (ReachableModel m : reach) rows.putIfAbsent(m.entry().id(), row(m.entry(), "your keys"));
            for (String provider : byok.creditProviders()) {
                if (withKeys.contains(provider)) continue;
                for (ModelEntry entry : models.byProvider(provider)) rows.putIfAbsent(entry.id(), row(entry, "credits"));
            }
            List<ModelsView.Virtual> virtual = new ArrayList<>();
            for (VirtualModel v : VirtualModel.values()) {
                List<ReachableModel> candidates = v.candidates(reach, RequestNeeds.ANY);
                virtual.add(new ModelsView.Virtual(v.id(), candidates.isEmpty() ? null : candidates.getFirst().entry().id(),
                        candidates.size()));
            }
            return Reply.page("models.jte", new ModelsView(Chrome.of(session, "Models", "models"), List.copyOf(rows.values()), virtual));
        }));
    }

    private ModelsView.Row row(ModelEntry e, String servedBy) {
        String provider = providers.find(e.provider()).map(p -> p.name()).orElse(e.provider());
        return new ModelsView.Row(e.id(), provider, context(e.contextLength()),
                e.price().map(p -> usd(p.inputPerMillion())).orElse("—"), e.price().map(p -> usd(p.outputPerMillion())).orElse("—"),
                e.capabilities().stream().map(c -> c.name().toLowerCase(Locale.ROOT)).sorted().collect(Collectors.joining(", ")),
                servedBy);
    }

    /** "128K tokens", "1M tokens". */
    static String context(int tokens) {
        if (tokens >= 1_000_000 && tokens % 1_000_000 == 0) return tokens / 1_000_000 + "M tokens";
        if (tokens >= 1_000) return Math.round(tokens / 1000.0) + "K tokens";
        return tokens + " tokens";
    }

    private static String usd(BigDecimal perMillion) {
        return "$" + perMillion.stripTrailingZeros().toPlainString();
    }
}
