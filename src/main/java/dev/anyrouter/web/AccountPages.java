package dev.anyrouter.web;

import dev.anyrouter.billing.Ledger;
import dev.anyrouter.billing.LedgerEntry;
import dev.anyrouter.billing.LedgerPage;
import dev.anyrouter.billing.LedgerPages;
import dev.anyrouter.billing.OpeningGrant;
import dev.anyrouter.billing.SignupGrants;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The account's other pages: credits (balance and ledger) and the quick start. The ledger is shown
 * in the pages {@code GET /api/v1/credits} serves ({@code ?before=} the last entry shown), so the
 * whole ledger can be read here too.
 */
final class AccountPages {
    static final int ENTRIES = 200;

    private final Ledger ledger;
    private final SignupGrants grants;
    private final Blocking blocking;
    private final SessionGate gate;
    private final Flash flash;

    AccountPages(Ledger ledger, SignupGrants grants, Blocking blocking, SessionGate gate, Flash flash) {
        this.flash = flash;
        this.ledger = ledger;
        this.grants = grants;
        this.blocking = blocking;
        this.gate = gate;
    }

    void mount(Router router) {
        PageRoutes.get(router, "/credits", ctx -> gate.serve(ctx, session -> credits(ctx, session)));
        PageRoutes.get(router, "/quickstart", ctx -> gate.serve(ctx, session -> Future.succeededFuture(Reply.page("quickstart.jte",
                new QuickstartView(Chrome.of(session, "Quick start", "quickstart"), BaseUrl.of(ctx), Snippets.forBase(BaseUrl.of(ctx)))))));
    }

    private Future<Reply> credits(RoutingContext ctx, WebSession session) {
        String before = ctx.request().getParam("before");
        String sent = flash.take(session, CreditsView.Sent.class).map(CreditsView.Sent::text).orElse(null);
        return blocking.run(() -> {
            LedgerPage page;
            try {
                page = ledger.page(session.accountId(), ENTRIES, before);
            } catch (LedgerPages.UnknownCursorException e) {
                return Reply.notFound(Chrome.of(session, "Credits", "credits"), "That page of your ledger does not exist.");
            }
            long balance = ledger.balanceMicros(session.accountId());
            var entries = page.entries().stream().map(AccountPages::entry).toList();
            // Only a grant not (yet) given is worth a note: a given one is the ledger's first entry.
            var grant = grants.of(session.accountId()).filter(g -> !(g instanceof OpeningGrant.Granted));
            return Reply.page("credits.jte", new CreditsView(Chrome.of(session, "Credits", "credits"), Formats.usd(balance),
                    balance < 0, entries, before != null, page.nextBefore(), grant.map(OpeningGrant::message).orElse(null),
                    grant.filter(g -> g instanceof OpeningGrant.AwaitingEmail).isPresent(), sent));
        });
    }

    private static CreditsView.Entry entry(LedgerEntry e) {
        // Only a debit's id names a request in the logs; a grant's or top-up's is the ledger's own (a link would be a 404).
        return new CreditsView.Entry(Formats.stamp(e.at()), e.kind(), Formats.usd(e.amountMicros()), e.amountMicros() > 0,
                e.memo(), Ledger.DEBIT.equals(e.kind()) ? e.requestId() : null);
    }
}
