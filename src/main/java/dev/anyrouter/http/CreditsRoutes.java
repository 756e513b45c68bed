package dev.anyrouter.http;

import dev.anyrouter.billing.Ledger;
import dev.anyrouter.billing.LedgerEntry;
import dev.anyrouter.billing.LedgerPage;
import dev.anyrouter.billing.LedgerPages;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.store.Blocking;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * {@code GET /api/v1/credits?limit=&before=}: the caller's balance (the sum of its ledger entries),
 * what requests in flight hold, and one page of its entries, newest first; {@code next_before}
 * names the next page until the whole ledger has been read.
 */
final class CreditsRoutes {
    static final int DEFAULT_LIMIT = 100;

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
        int limit = limit(ctx.request().getParam("limit"));
        String before = ctx.request().getParam("before");
        Guard.caller(ctx)
                .compose(caller -> blocking.run(() -> view(caller.accountId(), limit, before)))
                .onSuccess(view -> JsonReplies.json(ctx, 200, view))
                .onFailure(failure -> ErrorMapper.send(ctx, failure instanceof LedgerPages.UnknownCursorException unknown
                        ? new ApiException(ApiError.badRequest("invalid_before", unknown.getMessage()))
                        : failure));
    }

    private Map<String, Object> view(String accountId, int limit, String before) {
        LedgerPage page = ledger.page(accountId, limit, before);
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("balance_usd", ledger.balanceMicros(accountId) / 1_000_000.0);
        v.put("held_usd", ledger.heldMicros(accountId) / 1_000_000.0);
        v.put("entries", page.entries().stream().map(CreditsRoutes::entry).toList());
        v.put("has_more", page.hasMore());
        v.put("next_before", page.nextBefore());
        return v;
    }

    static int limit(String raw) {
        if (raw == null) return DEFAULT_LIMIT;
        try {
            int n = Integer.parseInt(raw.strip());
            if (n >= 1 && n <= LedgerPages.MAX_LIMIT) return n;
        } catch (NumberFormatException ignored) {
            // falls through to the error below
        }
        throw new ApiException(ApiError.badRequest("invalid_limit", "'limit' must be a whole number from 1 to " + LedgerPages.MAX_LIMIT));
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
