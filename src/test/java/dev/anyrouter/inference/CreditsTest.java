package dev.anyrouter.inference;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.billing.CreditsBudget;
import dev.anyrouter.billing.CreditsRules;
import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.billing.Surcharges;
import dev.anyrouter.billing.Tariff;
import dev.anyrouter.protocol.openai.ResponsesRequest;
import dev.anyrouter.providers.exchange.ClientEndpoint;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The worst case a credits request is held for: the hosted tool calls it may make. */
class CreditsTest {
    static final Surcharges SURCHARGES = Surcharges.loadDefault();
    final Credits credits = new Credits(null, null, new CreditsBudget(new Tariff(SURCHARGES)), SURCHARGES);

    private CreditsBudget.Ask ask(String body) {
        return credits.ask(ClientEndpoint.RESPONSES, ResponsesRequest.parse(body.getBytes(StandardCharsets.UTF_8)), Walks.MODEL,
                ModelPrice.usd("0.40", "1.60"));
    }

    @Test
    void aSearchToolIsHeldForTheRequestsMaxToolCallsElseTheDefault() {
        String tools = "\"tools\":[{\"type\":\"web_search\"},{\"type\":\"function\",\"name\":\"f\"}]";
        assertThat(ask("{\"model\":\"m\",\"input\":\"hi\"," + tools + "}").toolCalls())
                .isEqualTo(Map.of("web_search", CreditsRules.DEFAULT_TOOL_CALLS));
        // OpenAI's own bound on built-in tool calls: 12 searches may run, so 12 are held for.
        assertThat(ask("{\"model\":\"m\",\"input\":\"hi\",\"max_tool_calls\":12," + tools + "}").toolCalls())
                .isEqualTo(Map.of("web_search", 12L));
        assertThat(ask("{\"model\":\"m\",\"input\":\"hi\"}").toolCalls()).isEmpty();
    }
}
