package dev.anyrouter.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.accounts.ApiKeyStore;
import dev.anyrouter.byok.ByokService;
import dev.anyrouter.byok.PoolService;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.routing.PoolConfig;
import dev.anyrouter.routing.PoolStrategy;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /byok}: the account's provider keys, one card per catalog provider, and the dialogs that
 * add, edit, switch off and delete them. Every change goes through {@link ByokService}, the same
 * rules as the JSON API: a key is validated live before it is stored and never shown again.
 */
final class ByokPages {
    private static final Map<String, String> NOTICES = Map.of(
            "saved", "Key saved: the provider accepted it and it is now in the pool.",
            "updated", "Key updated.",
            "disabled", "Key switched off: it serves no requests until you switch it on.",
            "active", "Key switched on.",
            "deleted", "Key deleted.",
            "pool", "Pool settings saved.");

    private final ProviderCatalog catalog;
    private final ByokService byok;
    private final PoolService pools;
    private final ApiKeyStore apiKeys;
    private final Blocking blocking;
    private final Optional<KeyRecheck> recheck;
    private final SessionGate gate;
    private final ByokCards cards;

    ByokPages(ProviderCatalog catalog, ByokService byok, PoolService pools, ApiKeyStore apiKeys, Blocking blocking,
              Optional<KeyRecheck> recheck, SessionGate gate, ByokCards cards) {
        this.catalog = catalog;
        this.byok = byok;
        this.pools = pools;
        this.apiKeys = apiKeys;
        this.blocking = blocking;
        this.recheck = recheck;
        this.gate = gate;
        this.cards = cards;
    }

    void mount(Router router) {
        PageRoutes.get(router, "/byok", ctx -> gate.serve(ctx, session -> list(ctx, session)));
        PageRoutes.get(router, "/byok/new", ctx -> gate.serve(ctx, session -> addForm(ctx, session)));
        PageRoutes.post(router, "/byok", ctx -> gate.serve(ctx, session -> create(ctx, session)));
        PageRoutes.post(router, "/byok/pools/:provider", ctx -> gate.serve(ctx, session -> savePool(ctx, session)));
        PageRoutes.get(router, "/byok/:id/edit", ctx -> gate.serve(ctx, session -> withKey(ctx, session, this::editForm)));
        PageRoutes.post(router, "/byok/:id", ctx -> gate.serve(ctx, session -> withKey(ctx, session, this::update)));
        PageRoutes.post(router, "/byok/:id/status", ctx -> gate.serve(ctx, session -> withKey(ctx, session, this::setStatus)));
        PageRoutes.get(router, "/byok/:id/delete", ctx -> gate.serve(ctx, session -> withKey(ctx, session, this::confirmDelete)));
        PageRoutes.post(router, "/byok/:id/delete", ctx -> gate.serve(ctx, session -> withKey(ctx, session, this::delete)));
        PageRoutes.post(router, "/byok/:id/validate", ctx -> gate.serve(ctx, session -> withKey(ctx, session, this::revalidate)));
    }

    private Future<Reply> list(RoutingContext ctx, WebSession session) {
        String query = Optional.ofNullable(ctx.request().getParam("q")).orElse("").strip();
        String notice = NOTICES.get(Optional.ofNullable(ctx.request().getParam("notice")).orElse(""));
        return byok.list(session.accountId())
                .compose(keys -> blocking.run(() -> {
                    Map<String, PoolConfig> settings = new HashMap<>();
                    Map<String, PoolService.Health> health = new HashMap<>();
                    for (ProviderKeyRecord key : keys) {
                        settings.computeIfAbsent(key.provider(), provider -> pools.settings(session.accountId(), provider));
                        health.put(key.id(), pools.health(key));
                    }
                    return Reply.page("byok.jte", new ByokView(Chrome.of(session, "Provider keys", "byok"), query,
                            cards.build(keys, apiKeys.list(session.accountId()), query, settings, health), notice,
                            recheck.isPresent()));
                }));
    }

    /** The pool form: strategy and the credits switch, changed by the same rule as {@code PUT /api/v1/byok/pools/{provider}}. */
    private Future<Reply> savePool(RoutingContext ctx, WebSession session) {
        Optional<Provider> provider = catalog.find(ctx.pathParam("provider"));
        PoolStrategy strategy = PoolStrategy.fromWire(ctx.request().getFormAttribute("strategy"));
        if (provider.isEmpty() || strategy == null) {
            return Future.succeededFuture(Reply.notFound(chrome(session), "There is no such provider or pool strategy."));
        }
        boolean credits = "on".equals(ctx.request().getFormAttribute("fallback_to_credits"));
        return blocking.run(() -> pools.change(session.accountId(), provider.get().id(), strategy, credits))
                .map(saved -> Reply.redirect("/byok?notice=pool#provider-" + provider.get().id()));
    }

    private Future<Reply> addForm(RoutingContext ctx, WebSession session) {
        Optional<Provider> provider = catalog.find(Optional.ofNullable(ctx.request().getParam("provider")).orElse(""));
        if (provider.isEmpty()) return Future.succeededFuture(Reply.notFound(chrome(session), "There is no such provider."));
        return blocking.run(() -> apiKeys.list(session.accountId()))
                .map(own -> dialog(session, 200, cards.addForm(session, provider.get(), own, null, null)));
    }

    private Future<Reply> create(RoutingContext ctx, WebSession session) {
        ObjectNode body = KeyForms.createBody(ctx.request().formAttributes());
        Optional<Provider> provider = catalog.find(body.path("provider").asText(""));
        if (provider.isEmpty()) return Future.succeededFuture(Reply.notFound(chrome(session), "There is no such provider."));
        Future<Reply> saved;
        try {
            ByokService.NewKey request = byok.parseCreate(body);
            saved = byok.create(session.accountId(), request).map(record -> Reply.redirect("/byok?notice=saved#key-" + record.id()));
        } catch (RuntimeException refused) {
            saved = Future.failedFuture(refused);
        }
        return saved.recover(failure -> blocking.run(() -> apiKeys.list(session.accountId())).map(own ->
                dialog(session, 422, cards.addForm(session, provider.get(), own, ctx.request().formAttributes(), message(failure),
                        ApiError.of(failure).param()))));
    }

    private Future<Reply> editForm(RoutingContext ctx, WebSession session, ProviderKeyRecord key) {
        // A cloud credential's fields that are not secret are opened from the vault: off the event loop.
        return blocking.run(() -> apiKeys.list(session.accountId()))
                .compose(own -> blocking.run(() -> byok.credentialFields(key).orElse(null))
                        .map(shown -> dialog(session, 200, cards.editForm(session, key, own, null, null, shown, null))));
    }

    private Future<Reply> update(RoutingContext ctx, WebSession session, ProviderKeyRecord key) {
        ObjectNode body = KeyForms.patchBody(ctx.request().formAttributes(), key);
        return changed(session, key, body, "updated").recover(failure -> blocking.run(() -> apiKeys.list(session.accountId()))
                .compose(own -> blocking.run(() -> byok.credentialFields(key).orElse(null))
                        .map(shown -> dialog(session, 422, cards.editForm(session, key, own, ctx.request().formAttributes(),
                                message(failure), shown, ApiError.of(failure).param())))));
    }

    private Future<Reply> setStatus(RoutingContext ctx, WebSession session, ProviderKeyRecord key) {
        String status = "disabled".equals(ctx.request().getFormAttribute("status")) ? "disabled" : "active";
        ObjectNode body = Json.object().put("status", status);
        return changed(session, key, body, status).recover(failure -> Future.succeededFuture(
                new Reply.Page(422, "message.jte", new MessageView(chrome(session), "Nothing was changed", message(failure), "/byok", "Back to your keys"))));
    }

    private Future<Reply> changed(WebSession session, ProviderKeyRecord key, ObjectNode body, String notice) {
        return byok.update(session.accountId(), key.id(), body).map(updated -> updated.isEmpty()
                ? Reply.notFound(chrome(session), "That key no longer exists.")
                : Reply.redirect("/byok?notice=" + notice + "#key-" + key.id()));
    }

    private Future<Reply> confirmDelete(RoutingContext ctx, WebSession session, ProviderKeyRecord key) {
        String provider = catalog.find(key.provider()).map(Provider::name).orElse(key.provider());
        return Future.succeededFuture(dialog(session, 200, "confirm.jte", new ConfirmView(session.csrfToken(),
                "Delete " + key.alias() + "?",
                "The key " + key.masked() + " leaves your " + provider + " pool and its sealed copy is erased. "
                        + "Requests go on with the pool's other keys. This cannot be undone.",
                "/byok/" + key.id() + "/delete", "Delete key", "/byok")));
    }

    private Future<Reply> delete(RoutingContext ctx, WebSession session, ProviderKeyRecord key) {
        return byok.delete(session.accountId(), key.id()).map(deleted -> Reply.redirect("/byok?notice=deleted"));
    }

    private Future<Reply> revalidate(RoutingContext ctx, WebSession session, ProviderKeyRecord key) {
        if (recheck.isEmpty()) return Future.succeededFuture(Reply.notFound(chrome(session), "Re-validation is not available on this server yet."));
        return recheck.get().recheck(session.accountId(), key.id())
                .map(outcome -> (Reply) new Reply.Page(200, "message.jte", new MessageView(chrome(session),
                        "Re-validated " + key.alias(), outcome, "/byok#key-" + key.id(), "Back to your keys")))
                .recover(failure -> Future.succeededFuture(new Reply.Page(422, "message.jte", new MessageView(chrome(session),
                        "Could not re-validate " + key.alias(), message(failure), "/byok", "Back to your keys"))));
    }

    /** Runs {@code action} on the account's key named in the path; anyone else's key is simply not found. */
    private Future<Reply> withKey(RoutingContext ctx, WebSession session, KeyAction action) {
        return byok.find(session.accountId(), ctx.pathParam("id")).compose(found -> found.isEmpty()
                ? Future.succeededFuture(Reply.notFound(chrome(session), "You have no provider key with that id."))
                : action.apply(ctx, session, found.get()));
    }

    @FunctionalInterface
    private interface KeyAction {
        Future<Reply> apply(RoutingContext ctx, WebSession session, ProviderKeyRecord key);
    }

    private static Reply dialog(WebSession session, int status, KeyFormView form) {
        return dialog(session, status, "keyForm.jte", form);
    }

    private static Reply dialog(WebSession session, int status, String template, Object model) {
        return new Reply.Dialog(status, template, model, chrome(session));
    }

    private static Chrome chrome(WebSession session) {
        return Chrome.of(session, "Provider keys", "byok");
    }

    private static String message(Throwable failure) {
        return ByokService.refusal(failure).message();
    }
}
