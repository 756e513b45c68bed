package dev.anyrouter.http;

import dev.anyrouter.billing.Ledger;
import dev.anyrouter.billing.LedgerEntry;
import dev.anyrouter.store.Blocking;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/credits}: the caller's balance (the sum of its ledger entries), what
 * requests in flight hold, and its newest entries.
 */
final class CreditsRoutes {
    private static final int ENTRIES_SHOWN = 100;

    private final Ledger ledger;
    private final Blocking blocking;

    CreditsRoutes(Ledger ledger, Blocking blocking) {
        this.ledger = ledger;
        this.blocking = blocking;
    }

    void mount(Router router, Guard guard) {
        guard.require(router.get("/api/v1/credits"), Access.MANAGEMENT).handler(this::get);
    }

    private void get(RoutingContext ctx) {
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> view(caller.accountId())))
                .onSuccess(view -> Responses.json(ctx, 200, view))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private Map<String, Object> view(String accountId) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("balance_usd", ledger.balanceMicros(accountId) / 1_000_000.0);
        v.put("held_usd", ledger.heldMicros(accountId) / 1_000_000.0);
        v.put("entries", ledger.entries(accountId, ENTRIES_SHOWN).stream().map(CreditsRoutes::entry).toList());
        return v;
    }

    private static Map<String, Object> entry(LedgerEntry e) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", e.id());
        v.put("kind", e.kind());
        v.put("amount_usd", e.amountMicros() / 1_000_000.0);
        v.put("request_id", e.requestId());
        v.put("memo", e.memo());
        v.put("created_at", e.at().toString());
        return v;
    }
}
