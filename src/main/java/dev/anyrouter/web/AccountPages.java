package dev.anyrouter.web;

import dev.anyrouter.billing.Ledger;
import dev.anyrouter.billing.LedgerEntry;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;

/**
 * The account's other pages: credits (balance and ledger) and the quick start.
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
