package dev.anyrouter.web;

import dev.anyrouter.billing.Ledger;
import dev.anyrouter.billing.LedgerEntry;
import dev.anyrouter.http.Blocking;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

/**
 * The account's other pages: credits (balance and ledger), the quick start, and the analytics
 * and presets pages, whose figures and forms slot in when their APIs land (issue "model catalog,
 * presets and analytics"): the pages exist now so navigation and links are stable.
 */
final class AccountPages {
    private static final int ENTRIES = 200;

    private final Ledger ledger;
    private final Blocking blocking;
    private final SessionGate gate;

    AccountPages(Ledger ledger, Blocking blocking, SessionGate gate) {
        this.ledger = ledger;
        this.blocking = blocking;
        this.gate = gate;
    }

    void mount(Router router) {
        PageRoutes.get(router, "/credits", ctx -> gate.serve(ctx, this::credits));
        PageRoutes.get(router, "/quickstart", ctx -> gate.serve(ctx, session -> Future.succeededFuture(Reply.page("quickstart.jte",
                new QuickstartView(Chrome.of(session, "Quick start", "quickstart"), BaseUrl.of(ctx), Snippets.forBase(BaseUrl.of(ctx)))))));
        PageRoutes.get(router, "/analytics", ctx -> gate.serve(ctx, session -> Future.succeededFuture(
                Reply.page("analytics.jte", Chrome.of(session, "Analytics", "analytics")))));
        PageRoutes.get(router, "/presets", ctx -> gate.serve(ctx, session -> Future.succeededFuture(
                Reply.page("presets.jte", Chrome.of(session, "Presets", "presets")))));
    }

    private Future<Reply> credits(WebSession session) {
        return blocking.run(() -> {
            long balance = ledger.balanceMicros(session.accountId());
            var entries = ledger.entries(session.accountId(), ENTRIES).stream().map(AccountPages::entry).toList();
            return Reply.page("credits.jte", new CreditsView(Chrome.of(session, "Credits", "credits"), Formats.usd(balance),
                    balance < 0, entries, ENTRIES));
        });
    }

    private static CreditsView.Entry entry(LedgerEntry e) {
        return new CreditsView.Entry(Formats.stamp(e.at()), e.kind(), Formats.usd(e.amountMicros()), e.amountMicros() > 0,
                e.memo(), e.requestId());
    }
}
