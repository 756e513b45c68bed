package dev.anyrouter.web;

import dev.anyrouter.accounts.ApiKeyInfo;
import dev.anyrouter.accounts.ApiKeyKind;
import dev.anyrouter.accounts.ApiKeyStore;
import dev.anyrouter.accounts.NewApiKey;
import dev.anyrouter.store.AccountCapException;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.Clock;
import java.util.Optional;

/**
 * {@code /keys}: the account's AnyRouter API keys, each an inference key (calls models only, the
 * choice made for the user) or a management key, each with a name of its own. A new key is shown
 * once, on the page the form's redirect shows (carried in the session's {@link Flash}, never in a
 * URL), so a reload makes no second key and shows it no more; a revoked key stops authenticating at once.
 */
final class ApiKeyPages {
    private static final int MAX_NAME = 64;
    private static final java.util.Map<String, String> NOTICES = java.util.Map.of(
            "created", "Key created.",
            "revoked", "Key revoked: programs using it get 401 from their next request on.");

    private final ApiKeyStore apiKeys;
    private final Blocking blocking;
    private final Clock clock;
    private final SessionGate gate;
    private final Flash flash;

    ApiKeyPages(ApiKeyStore apiKeys, Blocking blocking, Clock clock, SessionGate gate, Flash flash) {
        this.flash = flash;
        this.apiKeys = apiKeys;
        this.blocking = blocking;
        this.clock = clock;
        this.gate = gate;
    }

    void mount(Router router) {
        PageRoutes.get(router, "/keys", ctx -> gate.serve(ctx, session -> page(session,
                flash.take(session, ApiKeysView.Created.class).orElse(null), null,
                Optional.ofNullable(ctx.request().getParam("notice")).map(NOTICES::get).orElse(null))));
        PageRoutes.post(router, "/keys", ctx -> gate.serve(ctx, session -> create(ctx, session)));
        PageRoutes.get(router, "/keys/:id/revoke", ctx -> gate.serve(ctx, session -> confirm(ctx, session)));
        PageRoutes.post(router, "/keys/:id/revoke", ctx -> gate.serve(ctx, session -> revoke(ctx, session)));
    }

    private Future<Reply> create(RoutingContext ctx, WebSession session) {
        String name = Optional.ofNullable(ctx.request().getFormAttribute("name")).map(String::strip).orElse("");
        if (name.isEmpty()) return page(session, null, "Give the key a name (say laptop, ci or my-app): it is how you tell your keys apart.", null);
        if (name.length() > MAX_NAME || name.chars().anyMatch(Character::isISOControl)) {
            return page(session, null, "A key name is at most " + MAX_NAME + " characters on one line.", null);
        }
        String rawKind = Optional.ofNullable(ctx.request().getFormAttribute("kind")).orElse(ApiKeyKind.INFERENCE.wireName());
        Optional<ApiKeyKind> kind = ApiKeyKind.fromWire(rawKind);
        if (kind.isEmpty()) return page(session, null, "Choose what the key may do: call models (inference) or manage the account.", null);
        return blocking.run(() -> {
            if (apiKeys.list(session.accountId()).stream().anyMatch(k -> k.name().equalsIgnoreCase(name))) return null;
            return apiKeys.create(session.accountId(), name, kind.get());
        }).compose((NewApiKey made) -> {
            if (made == null) return page(session, null, "You already have a key named “" + name + "”: choose another name.", null);
            flash.put(session, new ApiKeysView.Created(made.info().name(), made.plaintext()));
            return Future.succeededFuture(Reply.redirect("/keys?notice=created#new-key"));
        }, failure -> failure instanceof AccountCapException full ? page(session, null, full.getMessage(), null)
                : Future.failedFuture(failure));
    }

    private Future<Reply> confirm(RoutingContext ctx, WebSession session) {
        String id = ctx.pathParam("id");
        return blocking.run(() -> apiKeys.list(session.accountId())).map(own -> own.stream().filter(k -> k.id().equals(id)).findFirst()
                .<Reply>map(key -> new Reply.Dialog(200, "confirm.jte", new ConfirmView(session.csrfToken(), "Revoke " + key.name() + "?",
                        "Programs using " + key.prefix() + " get 401 from their next request on. This cannot be undone.",
                        "/keys/" + key.id() + "/revoke", "Revoke key", "/keys"), chrome(session)))
                .orElseGet(() -> Reply.notFound(chrome(session), "You have no API key with that id.")));
    }

    private Future<Reply> revoke(RoutingContext ctx, WebSession session) {
        String id = ctx.pathParam("id");
        return blocking.run(() -> apiKeys.revoke(session.accountId(), id)).map(revoked -> {
            if (!revoked) return Reply.notFound(chrome(session), "You have no API key with that id.");
            return Reply.redirect("/keys?notice=revoked#notice");
        });
    }

    private Future<Reply> page(WebSession session, ApiKeysView.Created created, String error, String notice) {
        // A reload of the created page finds no key in the flash: it says the key was shown once rather than nothing.
        String shown = created == null && NOTICES.get("created").equals(notice) ? "The new key was shown once, on the page after Create key."
                : created != null ? null : notice;
        return blocking.run(() -> apiKeys.list(session.accountId())).map(own -> new Reply.Page(error == null ? 200 : 400, "keys.jte",
                new ApiKeysView(chrome(session), own.stream().map(this::row).toList(), created, error, shown)));
    }

    private ApiKeysView.Row row(ApiKeyInfo key) {
        return new ApiKeysView.Row(key.id(), key.name(), key.prefix(), key.kind() == ApiKeyKind.MANAGEMENT, Formats.stamp(key.createdAt()),
                Formats.ago(key.lastUsedAt(), clock.instant()), Formats.stamp(key.lastUsedAt()));
    }

    private static Chrome chrome(WebSession session) {
        return Chrome.of(session, "API keys", "keys");
    }
}
