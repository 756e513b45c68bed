package dev.anyrouter.billing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * What a request paid with credits may not carry: fields that would keep state in the operator's
 * upstream account (shared by every credits user, so they would mix tenants in one org) and
 * extras no table prices. A pure function of the request, for the plan step to call before any
 * credit is held; the first field found is the one the 400 names.
 */
public final class CreditsRules {
    /** The client API a request came in on. */
    public enum Api {
        CHAT_COMPLETIONS("chat"), RESPONSES("responses"), MESSAGES("messages");

        private final String table;

        Api(String table) {
            this.table = table;
        }
    }

    /**
     * A refused field.
     *
     * @param param the field as the client's request names it ({@code tools[2].type}, {@code anthropic-beta})
     * @param message what the client is told, naming the field and what to do
     */
    public record Refusal(String param, String message) {}

    private final Surcharges surcharges;

    public CreditsRules(Surcharges surcharges) {
        this.surcharges = Objects.requireNonNull(surcharges);
    }

    /**
     * The first thing the request may not do on credits, if any.
     *
     * @param model the canonical id of the model credits would serve ({@code openai/gpt-5.4}); its
     *     provider's table decides tools and tiers
     * @param body the client's request
     * @param anthropicBetas the {@code anthropic-beta} header's values (comma-split), empty when absent
     */
    public Optional<Refusal> refusal(Api api, String model, JsonNode body, List<String> anthropicBetas) {
        Objects.requireNonNull(body, "body");
        String provider = model.substring(0, Math.max(0, model.indexOf('/')));
        Surcharges.ProviderRules rules = surcharges.provider(provider);
        return refusedField(api, body)
                .or(() -> betas(rules, anthropicBetas))
                .or(() -> tier(rules, model, body))
                .or(() -> tools(rules, body));
    }

    /**
     * What credits set on a request that left it out, so that nothing of it is kept upstream: a
     * Responses request without {@code store} is stored by OpenAI (its default is {@code true}), in
     * the operator's account every credits user shares, so it goes with {@code store: false}. Empty
     * when the request needs nothing set.
     */
    public Map<String, JsonNode> defaults(Api api, JsonNode body) {
        if (api != Api.RESPONSES) return Map.of();
        JsonNode store = body.get("store");
        return store == null || store.isNull() ? Map.of("store", BooleanNode.FALSE) : Map.of();
    }

    private Optional<Refusal> refusedField(Api api, JsonNode body) {
        for (Map.Entry<String, String> field : surcharges.refused().getOrDefault(api.table, Map.of()).entrySet()) {
            JsonNode value = body.get(field.getKey());
            if (present(field.getKey(), value)) {
                return Optional.of(new Refusal(field.getKey(), "'" + field.getKey() + "' is not available on credits: " + field.getValue()));
            }
        }
        if (api == Api.CHAT_COMPLETIONS) {
            for (JsonNode modality : body.path("modalities")) {
                if (modality.asText().equals("audio")) {
                    return Optional.of(new Refusal("modalities", "'modalities' with \"audio\" is not available on credits: "
                            + surcharges.refused().getOrDefault("chat", Map.of()).getOrDefault("audio", "audio is not priced")));
                }
            }
        }
        return Optional.empty();
    }

    /** A field counts when it is there and says something: {@code store: false}, {@code background: false} and nulls do not. */
    private static boolean present(String field, JsonNode value) {
        if (value == null || value.isNull() || value.isMissingNode()) return false;
        if (value.isBoolean()) return value.asBoolean();
        if (value.isTextual()) return !value.asText().isEmpty();
        return true;
    }

    private static Optional<Refusal> betas(Surcharges.ProviderRules rules, List<String> betas) {
        for (String beta : betas) {
            String value = beta.strip();
            if (value.isEmpty() || rules.allowedBetas().contains(value) || rules.pricedBetas().contains(value)) continue;
            return Optional.of(new Refusal("anthropic-beta", "the anthropic-beta value '" + value + "' is not available on credits:"
                    + " it may reach a server tool or stored state that credits cannot price or keep apart; leave it out or use"
                    + " your own Anthropic key"));
        }
        return Optional.empty();
    }

    private static Optional<Refusal> tier(Surcharges.ProviderRules rules, String model, JsonNode body) {
        JsonNode tier = body.get("service_tier");
        if (tier == null || tier.isNull()) return Optional.empty();
        if (Tariff.tierPriced(rules, model, tier.asText())) return Optional.empty();
        return Optional.of(new Refusal("service_tier", "'service_tier' \"" + tier.asText() + "\" is not available on credits for " + model
                + ": it has no price there; leave it out for the standard tier or use your own key"));
    }

    private static Optional<Refusal> tools(Surcharges.ProviderRules rules, JsonNode body) {
        JsonNode tools = body.path("tools");
        for (int i = 0; i < tools.size(); i++) {
            JsonNode tool = tools.get(i);
            String type = tool.path("type").asText("");
            if (clientTool(type, tool)) continue;
            String param = "tools[" + i + "].type";
            Optional<Surcharges.ToolPrice> price = rules.tool(type);
            if (price.isEmpty()) {
                return Optional.of(new Refusal(param, "the tool type '" + type + "' (" + param + ") is not available on credits: it is"
                        + " not priced there; leave it out or use your own key"));
            }
            if (price.get() instanceof Surcharges.ToolPrice.Refused refused) {
                return Optional.of(new Refusal(param, "the tool type '" + type + "' (" + param + ") is not available on credits: "
                        + refused.reason() + "; leave it out or use your own key"));
            }
        }
        return Optional.empty();
    }

    /** The client's own tools, which cost only tokens: functions, custom tools, and Anthropic tools with no type. */
    private static boolean clientTool(String type, JsonNode tool) {
        return type.equals("function") || type.equals("custom") || (type.isEmpty() && tool.has("name"));
    }
}
