package dev.anyrouter.web;

import dev.anyrouter.accounts.ClientAddress;
import dev.anyrouter.byok.DonationService;
import dev.anyrouter.config.DonationSettings;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.providers.DonationTerms;
import dev.anyrouter.providers.ProviderCatalog;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Map;
import java.util.Optional;

/**
 * {@code /pool}: the donation program explained, the providers' eligibility with its sources, the
 * consent text (accepted with one form), and each key's donation (off, ready, on) with what it
 * earned, through {@link DonationService}: the same rules as {@code /api/v1/pool}, so a key of an
 * ineligible provider cannot be set donating here either. Every change is a POST that redirects
 * back (a reload creates nothing); a refusal shows the page again with the reason.
 */
final class PoolPages {
    private static final Map<String, String> NOTICES = Map.of(
            "consented", "Consent recorded. You can now switch keys to ready or on.",
            "changed", "Donation saved.");

    private final ProviderCatalog catalog;
    private final DonationService donations;
    private final ClientAddress clients;
    private final SessionGate gate;

    PoolPages(ProviderCatalog catalog, DonationService donations, ClientAddress clients, SessionGate gate) {
        this.catalog = catalog;
        this.donations = donations;
        this.clients = clients;
        this.gate = gate;
    }

    void mount(Router router) {
        PageRoutes.get(router, "/pool", ctx -> gate.serve(ctx, session -> page(session, 200,
                NOTICES.get(Optional.ofNullable(ctx.request().getParam("notice")).orElse("")), null)));
        PageRoutes.post(router, "/pool/consent", ctx -> gate.serve(ctx, session -> donations
                .consent(session.accountId(), field(ctx, "text_version"), clients.of(ctx.request()))
                .map(done -> Reply.redirect("/pool?notice=consented#consent"))
                .recover(failure -> refused(session, failure))));
        PageRoutes.post(router, "/pool/keys/:id/donation", ctx -> gate.serve(ctx, session -> {
            DonationService.Requested requested = DonationService.Requested.parse(field(ctx, "donation"));
            if (requested == null) return page(session, 400, null, "Choose off, ready or on.");
            String id = ctx.pathParam("id");
            return donations.change(session.accountId(), id, requested, null, clients.of(ctx.request()))
                    .map(done -> Reply.redirect("/pool?notice=changed#key-" + id))
                    .recover(failure -> refused(session, failure));
        }));
    }

    private Future<Reply> refused(WebSession session, Throwable failure) {
        if (!(failure instanceof ApiException refusal)) return Future.failedFuture(failure);
        return page(session, refusal.error().status(), null, refusal.error().message());
    }

    private Future<Reply> page(WebSession session, int status, String notice, String error) {
        return donations.overview(session.accountId()).map(o -> new Reply.Page(status, "pool.jte", view(session, o, notice, error)));
    }

    private PoolView view(WebSession session, DonationService.Overview o, String notice, String error) {
        String order = o.settings().order() == DonationSettings.Order.POOL_FIRST
                ? "donated keys first, then the operator's" : "the operator's keys first, then donated keys";
        return new PoolView(Chrome.of(session, "Donate keys", "pool"), o.creditPercent(), order, o.textVersion(), o.text(),
                o.consent().map(c -> Formats.stamp(c.acceptedAt())).orElse(null),
                o.providers().stream().filter(DonationTerms.Terms::eligible).map(this::row).toList(),
                o.providers().stream().filter(t -> t.source() != null).map(this::row).toList(),
                o.keys().stream().map(k -> new PoolView.KeyRow(k.key().id(), k.key().alias(), name(k.key().provider()),
                        k.requested().wireName(), k.shown().wireName(), Long.toString(k.total().requests()),
                        Long.toString(k.total().inputTokens() + k.total().outputTokens()), Formats.usd(k.total().creditMicros()),
                        donations.eligible(k.key().provider()))).toList(),
                Formats.usd(o.creditMicros()), notice, error);
    }

    private PoolView.ProviderRow row(DonationTerms.Terms t) {
        return new PoolView.ProviderRow(t.provider(), name(t.provider()), t.permitted().wireName(),
                t.source() == null ? "" : t.source().toString(), t.checked() == null ? "" : t.checked().toString(),
                t.note() == null ? "" : t.note(), t.decidedBy());
    }

    private String name(String provider) {
        return catalog.find(provider).map(p -> p.name()).orElse(provider);
    }

    private static String field(RoutingContext ctx, String name) {
        String value = ctx.request().getFormAttribute(name);
        return value == null ? "" : value;
    }
}
