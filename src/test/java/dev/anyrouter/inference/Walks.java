package dev.anyrouter.inference;

import dev.anyrouter.accounts.Caller;
import dev.anyrouter.keys.KeyStatus;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.openai.ChatRequest;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.providers.UpstreamTarget;
import dev.anyrouter.providers.exchange.ClientEndpoint;
import dev.anyrouter.providers.exchange.Outcome;
import dev.anyrouter.routing.Attempt;
import dev.anyrouter.routing.Billing;
import dev.anyrouter.routing.ModelPlan;
import dev.anyrouter.routing.ModelRef;
import dev.anyrouter.routing.Plan;
import dev.anyrouter.usage.UsageRecord;
import dev.anyrouter.vault.Secret;
import io.vertx.core.http.HttpServerResponse;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Requests, plans, outcomes and a recording ledger for the pipeline's steps, without a server. */
final class Walks {
    static final Provider OPENAI = ProviderCatalog.loadDefault().find("openai").orElseThrow();
    static final ModelRef MODEL = new ModelRef(OPENAI, "gpt-4.1-mini");
    static final Instant T0 = Instant.parse("2026-12-01T10:00:00Z");

    private Walks() {}

    static InferenceRequest request(String accountId, boolean stream) {
        byte[] body = ("{\"model\":\"openai/gpt-4.1-mini\",\"stream\":" + stream
                + ",\"messages\":[{\"role\":\"user\",\"content\":\"Say hi\"}]}").getBytes(StandardCharsets.UTF_8);
        return new InferenceRequest("req-1", T0, System.nanoTime(), null, null, ClientEndpoint.CHAT_COMPLETIONS,
                new Caller(accountId, "api-key-1", false), ChatRequest.parse(body), null);
    }

    static ProviderKeyRecord key(String alias, String accountId) {
        return new ProviderKeyRecord("id-" + alias, accountId, "openai", alias, "sk-…" + alias, 1, 1, null, Map.of(), List.of(),
                KeyStatus.ACTIVE, null, T0, null, "c", "w", 1);
    }

    static Attempt attempt(ProviderKeyRecord key, Billing billing) {
        return new Attempt(MODEL, key, new UpstreamTarget(OPENAI, OPENAI.baseUrl(), Secret.of("sk-test-" + key.alias()), Map.of()),
                billing);
    }

    /** BYOK keys {@code aliases}, then credits on one operator key when {@code credits}. */
    static Plan plan(String accountId, boolean credits, String... aliases) {
        List<ProviderKeyRecord> pool = new ArrayList<>();
        List<Attempt> byok = new ArrayList<>();
        for (String alias : aliases) {
            ProviderKeyRecord key = key(alias, accountId);
            pool.add(key);
            byok.add(attempt(key, Billing.BYOK));
        }
        List<Attempt> paid = credits ? List.of(attempt(key("operator", "operator"), Billing.CREDITS)) : List.of();
        return new Plan(new ModelPlan(MODEL, byok, paid, pool, credits));
    }

    static Outcome served(Outcome.Ending ending, int status, String code, Usage usage) {
        long now = System.nanoTime();
        return new Outcome.Served(ending, status, code, usage, 120, new Outcome.Timings(now, now + 1_000_000, now + 2_000_000));
    }

    static Outcome answered(int status) {
        byte[] body = ("{\"error\":{\"message\":\"scripted " + status + "\",\"code\":\"scripted\"}}").getBytes(StandardCharsets.UTF_8);
        return new Outcome.NotServed(new Outcome.ErrorAnswer(status, header -> null, body));
    }

    /** A client's response that is open (or closed) and takes nothing: the scripted exchange never writes to it. */
    static HttpServerResponse response(boolean closed) {
        return (HttpServerResponse) Proxy.newProxyInstance(Walks.class.getClassLoader(), new Class<?>[] {HttpServerResponse.class},
                (proxy, method, args) -> switch (method.getName()) {
                    case "closed" -> closed;
                    case "headWritten", "ended" -> false;
                    case "putHeader" -> proxy; // a header for the client, read by the e2e tests
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    case "toString" -> "response";
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Every ledger write and usage record {@link Settle} makes. */
    static final class Books implements CreditLedger {
        final List<String> writes = new ArrayList<>();
        final List<UsageRecord> records = new ArrayList<>();
        final List<dev.anyrouter.billing.PoolCredits.CreditBack> creditBacks = new ArrayList<>();

        @Override
        public void settle(String accountId, String requestId, long costMicros, String memo, UsageRecord record) {
            settle(accountId, requestId, costMicros, memo, record, null);
        }

        @Override
        public void settle(String accountId, String requestId, long costMicros, String memo, UsageRecord record,
                           dev.anyrouter.billing.PoolCredits.CreditBack back) {
            writes.add("settle " + accountId + " " + requestId + " " + costMicros + " " + memo);
            records.add(record);
            if (back != null) creditBacks.add(back);
        }

        @Override
        public void release(String accountId, String requestId) {
            writes.add("release " + accountId + " " + requestId);
        }
    }
}
