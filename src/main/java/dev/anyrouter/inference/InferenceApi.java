package dev.anyrouter.inference;

import dev.anyrouter.billing.CreditsBudget;
import dev.anyrouter.billing.CreditsRules;
import dev.anyrouter.billing.Ledger;
import dev.anyrouter.billing.PoolCredits;
import dev.anyrouter.billing.PriceBook;
import dev.anyrouter.billing.Surcharges;
import dev.anyrouter.billing.Tariff;
import dev.anyrouter.protocol.ModelIdLimits;
import dev.anyrouter.providers.exchange.ClientEndpoint;
import dev.anyrouter.providers.exchange.UpstreamExchange;
import dev.anyrouter.routing.Failover;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.routing.ModelRouter;
import dev.anyrouter.routing.Presets;
import dev.anyrouter.store.Blocking;
import dev.anyrouter.usage.RequestIds;
import dev.anyrouter.usage.UsageWriter;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.time.Clock;
import java.util.function.Consumer;

/**
 * The inference endpoints as {@code http} mounts them: Chat Completions, Responses, Anthropic
 * Messages and its count_tokens, each one run through the same pipeline of named steps.
 */
public final class InferenceApi {
    /**
     * What the pipeline is built on; the composition root ({@code app}) wires it.
     *
     * @param surcharges what credits can buy beyond list prices, and what they refuse
     * @param pool the donation pool's credit-back (null: no pool)
     */
    public record Parts(Authentication auth, ModelRouter router, Presets presets, Failover failover, KeyHealth health,
                        UpstreamExchange upstream, Ledger ledger, PriceBook prices, Surcharges surcharges, UsageWriter usage,
                        Blocking blocking, Clock clock, ModelIdLimits modelIds, Pool pool) {}

    /**
     * The donation pool's side of settling: where credit-backs are written, the share credited, and
     * who is told of each (the donated keys' daily counts).
     */
    public record Pool(PoolCredits credits, BigDecimal creditRate, Consumer<PoolCredits.CreditBack> credited) {}

    private final InferencePipeline pipeline;
    private final TokenCount tokens;

    public InferenceApi(Parts p) {
        RequestRouting routing = new RequestRouting(p.router(), p.presets(), p.blocking(), p.modelIds());
        Tariff tariff = new Tariff(p.surcharges());
        Pool pool = p.pool() != null ? p.pool() : new Pool(null, BigDecimal.ZERO, back -> {});
        Settle settle = new Settle(p.prices(), tariff, new LedgerWrites(p.ledger(), p.blocking(), p.usage()::record, pool.credits(),
                pool.credited()), p.usage()::record, pool.creditRate());
        Credits credits = new Credits(p.ledger(), p.blocking(), new CreditsBudget(tariff), p.surcharges());
        AttemptWalk walk = new AttemptWalk(p.failover(), p.health(), p.upstream(), credits, new CreditsRules(p.surcharges()), settle,
                p.clock());
        this.pipeline = new InferencePipeline(p.auth(), routing, walk, settle, RequestIds.on(p.clock()), p.clock());
        this.tokens = new TokenCount(p.auth(), routing, p.upstream());
    }

    /** {@code POST /api/v1/chat/completions}. */
    public void chatCompletions(RoutingContext ctx) {
        pipeline.run(ctx, ClientEndpoint.CHAT_COMPLETIONS);
    }

    /** {@code POST /api/v1/responses}. */
    public void responses(RoutingContext ctx) {
        pipeline.run(ctx, ClientEndpoint.RESPONSES);
    }

    /**
     * {@code POST /api/v1/messages} (any query string: Claude Code's {@code ?beta=true}); the key comes
     * in {@code x-api-key} or {@code Authorization: Bearer}, and errors take the Anthropic shape.
     */
    public void messages(RoutingContext ctx) {
        pipeline.run(ctx, ClientEndpoint.MESSAGES);
    }

    /** {@code POST /api/v1/messages/count_tokens}. */
    public void countTokens(RoutingContext ctx) {
        tokens.handle(ctx);
    }
}
