package dev.anyrouter.web;

import dev.anyrouter.byok.ByokService;
import dev.anyrouter.byok.PresetService;
import dev.anyrouter.routing.Preset;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /presets}: list, create, edit and delete (after a confirmation) the account's presets,
 * through {@link PresetService}, the same rules as {@code /api/v1/presets}.
 */
final class PresetPages {
    private static final Map<String, String> NOTICES = Map.of(
            "saved", "Preset saved.",
            "deleted", "Preset deleted.");

    private final PresetService presets;
    private final Blocking blocking;
    private final SessionGate gate;

    PresetPages(PresetService presets, Blocking blocking, SessionGate gate) {
        this.presets = presets;
        this.blocking = blocking;
        this.gate = gate;
    }

    void mount(Router router) {
        PageRoutes.get(router, "/presets", ctx -> gate.serve(ctx, session -> list(ctx, session)));
        PageRoutes.get(router, "/presets/new", ctx -> gate.serve(ctx, session -> Future.succeededFuture(
                dialog(session, 200, PresetForms.blank(session.csrfToken())))));
        PageRoutes.post(router, "/presets", ctx -> gate.serve(ctx, session -> save(ctx, session, null)));
        PageRoutes.get(router, "/presets/:name/edit", ctx -> gate.serve(ctx, session -> withPreset(ctx, session,
                p -> dialog(session, 200, PresetForms.of(session.csrfToken(), p)))));
        PageRoutes.post(router, "/presets/:name", ctx -> gate.serve(ctx, session -> save(ctx, session, ctx.pathParam("name"))));
        PageRoutes.get(router, "/presets/:name/delete", ctx -> gate.serve(ctx, session -> withPreset(ctx, session,
                p -> new Reply.Dialog(200, "confirm.jte", new ConfirmView(session.csrfToken(), "Delete preset " + p.name() + "?",
                        "Requests naming " + Preset.PREFIX + p.name() + " will be refused once it is gone. This cannot be undone.",
                        "/presets/" + p.name() + "/delete", "Delete preset", "/presets"), chrome(session)))));
        PageRoutes.post(router, "/presets/:name/delete", ctx -> gate.serve(ctx, session -> blocking.run(
                () -> presets.delete(session.accountId(), ctx.pathParam("name")))
                .map(deleted -> Reply.redirect("/presets?notice=deleted"))));
    }

    private Future<Reply> list(RoutingContext ctx, WebSession session) {
        String notice = NOTICES.get(Optional.ofNullable(ctx.request().getParam("notice")).orElse(""));
        return blocking.run(() -> presets.list(session.accountId())).map(all -> Reply.page("presets.jte", new PresetsView(
                chrome(session), all.stream().map(PresetPages::row).toList(), notice)));
    }

    private Future<Reply> withPreset(RoutingContext ctx, WebSession session, java.util.function.Function<Preset, Reply> then) {
        return blocking.run(() -> presets.find(session.accountId(), ctx.pathParam("name"))).map(found -> found.map(then)
                .orElseGet(() -> notFound(session)));
    }

    /** Creates ({@code editing} null) or replaces a preset; a refusal shows the form again with the reason. */
    private Future<Reply> save(RoutingContext ctx, WebSession session, String editing) {
        var form = ctx.request().formAttributes();
        return blocking.run(() -> {
            if (editing == null) return presets.create(session.accountId(), PresetForms.body(form, null));
            Optional<Preset> existing = presets.find(session.accountId(), editing);
            if (existing.isEmpty()) return null;
            return presets.replace(session.accountId(), editing, PresetForms.body(form, existing.get()));
        }).map(saved -> saved == null ? notFound(session) : Reply.redirect("/presets?notice=saved#preset-" + saved.name()))
                .recover(failure -> Future.succeededFuture(dialog(session, 422, PresetForms.typed(session.csrfToken(), editing, form,
                        failure instanceof PresetForms.Unreadable u ? u.getMessage() : ByokService.refusal(failure).message()))));
    }

    private static PresetsView.Row row(Preset p) {
        return new PresetsView.Row(p.name(), Preset.PREFIX + p.name(), String.join(" → ", p.models()),
                p.providerOrder().isEmpty() ? "—" : String.join(", ", p.providerOrder()),
                p.fallbackToCredits() == null ? "as each pool is set" : p.fallbackToCredits() ? "allowed" : "never",
                Formats.stamp(p.updatedAt()));
    }

    private static Reply dialog(WebSession session, int status, PresetFormView form) {
        return new Reply.Dialog(status, "presetForm.jte", form, chrome(session));
    }

    private static Reply notFound(WebSession session) {
        return Reply.notFound(chrome(session), "You have no preset of that name.");
    }

    private static Chrome chrome(WebSession session) {
        return Chrome.of(session, "Presets", "presets");
    }
}
