package dev.anyrouter.http;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.accounts.Caller;
import dev.anyrouter.keys.KeyModelStore;
import dev.anyrouter.keys.KeyStatus;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.keys.ProviderKeyStore;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.providers.ModelCatalog;
import dev.anyrouter.providers.ModelEntry;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code GET /api/v1/models}: exactly the models the caller's keys reach, as {@code provider/model}
 * ids in the OpenAI list shape, with catalog facts where the catalog knows the model. A key's
 * reach is the model list its provider gave when the key was saved or re-validated; a provider
 * whose key check gives no list (OpenRouter's proves the key elsewhere) reaches its catalog models.
 */
final class ModelsHandler implements Handler<RoutingContext> {
    private final ProviderKeyStore keys;
    private final KeyModelStore keyModels;
    private final ModelCatalog catalog;
    private final Blocking blocking;

    ModelsHandler(ProviderKeyStore keys, KeyModelStore keyModels, ModelCatalog catalog, Blocking blocking) {
        this.keys = keys;
        this.keyModels = keyModels;
        this.catalog = catalog;
        this.blocking = blocking;
    }

    @Override
    public void handle(RoutingContext ctx) {
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> reachable(caller)))
                .onSuccess(models -> {
                    ObjectNode body = Json.object().put("object", "list");
                    ArrayNode data = body.putArray("data");
                    models.forEach(data::add);
                    JsonReplies.json(ctx, 200, body);
                })
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private List<ObjectNode> reachable(Caller caller) {
        Map<String, ObjectNode> byId = new LinkedHashMap<>();
        for (ProviderKeyRecord key : keys.list(caller.accountId())) {
            if (key.status() != KeyStatus.ACTIVE || !key.allows(caller.apiKeyId())) continue;
            List<String> listed = keyModels.modelsOf(caller.accountId(), key.id());
            if (listed.isEmpty()) {
                for (ModelEntry entry : catalog.byProvider(key.provider())) {
                    byId.putIfAbsent(entry.id(), view(key.provider(), entry.model(), entry));
                }
            } else {
                for (String model : listed) {
                    String id = key.provider() + "/" + model;
                    byId.putIfAbsent(id, view(key.provider(), model, catalog.find(key.provider(), model).orElse(null)));
                }
            }
        }
        return new ArrayList<>(byId.values());
    }

    private static ObjectNode view(String provider, String model, ModelEntry entry) {
        ObjectNode node = Json.object()
                .put("id", provider + "/" + model)
                .put("object", "model")
                .put("created", 0)
                .put("owned_by", provider);
        if (entry != null) {
            node.put("context_length", entry.contextLength());
            entry.maxOutput().ifPresent(max -> node.put("max_output_tokens", max));
            ArrayNode capabilities = node.putArray("capabilities");
            entry.capabilities().forEach(c -> capabilities.add(c.name().toLowerCase(Locale.ROOT)));
            entry.price().ifPresent(price -> node.putObject("pricing")
                    .put("input_per_million", price.inputPerMillion())
                    .put("output_per_million", price.outputPerMillion())
                    .put("cached_per_million", price.cachedPerMillion()));
        }
        return node;
    }
}
