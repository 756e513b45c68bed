package dev.anyrouter.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.accounts.ClientAddress;
import dev.anyrouter.billing.PoolCredits;
import dev.anyrouter.byok.DonationService;
import dev.anyrouter.protocol.RequestFields;
import dev.anyrouter.providers.DonationTerms;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.math.BigDecimal;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The donation pool over JSON: {@code GET /api/v1/pool} (eligible providers with the source of
 * each decision, the consent text and its version, this account's consent, its keys' donation
 * states and credit earned), {@code POST /api/v1/pool/consent}, and the {@code donation} and
 * {@code donation_caps} fields of {@code PATCH /api/v1/byok/{id}}, which {@link ByokRoutes} hands here.
 * The rules are {@link DonationService}'s.
 */
final class DonationRoutes {
    static final Set<String> PATCH_FIELDS = Set.of("donation", "donation_caps");
    private static final Set<String> CONSENT_FIELDS = Set.of("text_version");
    private static final Set<String> CAP_FIELDS = Set.of("requests_per_day", "usd_per_day");

    private final DonationService service;
    private final ClientAddress clients;

    DonationRoutes(DonationService service, ClientAddress clients) {
        this.service = service;
        this.clients = clients;
    }

    void mount(Router router, Guard guard) {
        guard.require(router.get("/api/v1/pool"), Access.MANAGEMENT).handler(this::get);
        guard.require(router.post("/api/v1/pool/consent"), Access.MANAGEMENT).handler(this::consent);
    }

    private void get(RoutingContext ctx) {
        Guard.caller(ctx)
                .compose(caller -> service.overview(caller.accountId()))
                .onSuccess(overview -> JsonReplies.json(ctx, 200, view(overview)))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    private void consent(RoutingContext ctx) {
        ObjectNode body = RequestBodies.object(ctx, CONSENT_FIELDS);
        String version = RequestFields.requiredText(body, "text_version", 64);
        String address = clients.of(ctx.request());
        Guard.caller(ctx)
                .compose(caller -> service.consent(caller.accountId(), version, address))
                .onSuccess(consent -> JsonReplies.json(ctx, 200, Map.of("consent", consent(consent))))
                .onFailure(failure -> ErrorMapper.send(ctx, failure));
    }

    /** Whether a PATCH body names a donation field (then this class answers it). */
    static boolean names(ObjectNode body) {
        return body.has("donation") || body.has("donation_caps");
    }

    /** {@code PATCH /api/v1/byok/{id}} with donation fields only: the key's donation after the change. */
    Future<Map<String, Object>> patch(RoutingContext ctx, String accountId, String keyId, ObjectNode body) {
        String raw = RequestFields.optionalText(body, "donation", 16);
        DonationService.Requested requested = DonationService.Requested.parse(raw);
        if (raw != null && requested == null) throw RequestFields.bad("'donation' must be one of off, ready, on");
        DonationService.Caps caps = caps(body.get("donation_caps"));
        String address = clients.of(ctx.request());
        return service.change(accountId, keyId, requested, caps, address).map(DonationRoutes::key);
    }

    private static DonationService.Caps caps(JsonNode node) {
        if (node == null) return null;
        if (node.isNull()) return DonationService.Caps.NONE;
        if (!(node instanceof ObjectNode caps)) throw RequestFields.bad("'donation_caps' must be an object {requests_per_day, usd_per_day}");
        caps.fieldNames().forEachRemaining(name -> {
            if (!CAP_FIELDS.contains(name)) throw RequestFields.bad("unknown field 'donation_caps." + name + "'; allowed: requests_per_day, usd_per_day");
        });
        JsonNode requests = caps.get("requests_per_day");
        if (requests != null && !requests.isNull() && !(requests.canConvertToLong() && requests.isIntegralNumber() && requests.asLong() >= 0)) {
            throw RequestFields.bad("'donation_caps.requests_per_day' must be a whole number of at least 0, or null for no cap");
        }
        JsonNode usd = caps.get("usd_per_day");
        Long micros = null;
        if (usd != null && !usd.isNull()) {
            try {
                BigDecimal amount = new BigDecimal(usd.asText());
                if (!(usd.isNumber() || usd.isTextual()) || amount.signum() < 0 || amount.stripTrailingZeros().scale() > 6) {
                    throw new NumberFormatException();
                }
                micros = amount.movePointRight(6).longValueExact();
            } catch (NumberFormatException | ArithmeticException e) {
                throw RequestFields.bad("'donation_caps.usd_per_day' must be an amount in dollars such as 1.50, or null for no cap");
            }
        }
        return new DonationService.Caps(requests == null || requests.isNull() ? null : requests.asLong(), micros);
    }

    private static Map<String, Object> view(DonationService.Overview o) {
        Map<String, Object> v = new LinkedHashMap<>();
        Map<String, Object> consent = new LinkedHashMap<>();
        consent.put("text_version", o.textVersion());
        consent.put("text", o.text());
        v.put("consent_text", consent);
        v.put("consent", o.consent().map(DonationRoutes::consent).orElse(null));
        Map<String, Object> program = new LinkedHashMap<>();
        program.put("credit_rate", o.settings().creditRate().toPlainString());
        program.put("credit_percent", o.creditPercent());
        program.put("order", o.settings().order().settingName());
        v.put("program", program);
        v.put("providers", o.providers().stream().map(DonationRoutes::provider).toList());
        v.put("keys", o.keys().stream().map(DonationRoutes::key).toList());
        v.put("days", o.days().stream().map(DonationRoutes::day).toList());
        v.put("credits_earned_usd", o.creditMicros() / 1_000_000.0);
        v.put("credits_earned_micros", o.creditMicros());
        return v;
    }

    private static Map<String, Object> consent(dev.anyrouter.keys.DonationStore.Consent c) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("text_version", c.textVersion());
        v.put("accepted_at", c.acceptedAt().toString());
        return v;
    }

    private static Map<String, Object> provider(DonationTerms.Terms t) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", t.provider());
        v.put("eligible", t.eligible());
        v.put("permitted", switch (t.permitted()) {
            case PERMITTED -> (Object) Boolean.TRUE;
            case PROHIBITED -> Boolean.FALSE;
            case UNKNOWN -> "unknown";
        });
        v.put("source", t.source() == null ? null : t.source().toString());
        v.put("checked", t.checked() == null ? null : t.checked().toString());
        v.put("note", t.note());
        v.put("decided_by", t.decidedBy());
        return v;
    }

    private static Map<String, Object> key(DonationService.KeyDonation k) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("id", k.key().id());
        v.put("provider", k.key().provider());
        v.put("alias", k.key().alias());
        v.put("donation", k.requested().wireName());
        v.put("state", k.shown().wireName());
        Map<String, Object> caps = new LinkedHashMap<>();
        caps.put("requests_per_day", k.caps().requestsPerDay());
        caps.put("usd_per_day", k.caps().microsPerDay() == null ? null : k.caps().microsPerDay() / 1_000_000.0);
        v.put("donation_caps", caps);
        v.put("pool_requests", k.total().requests());
        v.put("pool_input_tokens", k.total().inputTokens());
        v.put("pool_output_tokens", k.total().outputTokens());
        v.put("pool_requests_today", k.today().requests());
        v.put("credits_earned_usd", k.total().creditMicros() / 1_000_000.0);
        v.put("credits_earned_micros", k.total().creditMicros());
        return v;
    }

    private static Map<String, Object> day(PoolCredits.Day d) {
        Map<String, Object> v = new LinkedHashMap<>();
        v.put("key_id", d.keyId());
        v.put("day", d.day());
        v.put("requests", d.requests());
        v.put("input_tokens", d.inputTokens());
        v.put("output_tokens", d.outputTokens());
        v.put("credits_earned_micros", d.creditMicros());
        return v;
    }
}
