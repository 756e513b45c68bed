package dev.anyrouter.billing;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigDecimal;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class CreditsBudgetTest {
    final CreditsBudget budget = new CreditsBudget(new Tariff(Surcharges.loadDefault()));
    static final ModelPrice MINI = ModelPrice.usd("0.40", "1.60");

    static CreditsBudget.Ask ask(String model, ModelPrice price, long input, long ceiling) {
        return new CreditsBudget.Ask(model, price, input, false, false, Map.of(), null, ceiling);
    }

    @Test
    void theSpanRunsFromAUsefulAnswerToTheWholeCeiling() {
        CreditsBudget.Span span = budget.span(ask("openai/gpt-4.1-mini", MINI, 1_000, 4_096));
        // 1,000 x $0.40 + 16 x $1.60 per million, rounded up; and 1,000 x $0.40 + 4,096 x $1.60.
        assertThat(span.leastMicros()).isEqualTo(426);
        assertThat(span.mostMicros()).isEqualTo(400 + 6_554);
    }

    @Test
    void theOutputCoveredIsTheLargestWhoseCostTheHoldPays() {
        Random random = new Random(14);
        for (int i = 0; i < 300; i++) {
            long input = random.nextInt(50_000);
            long ceiling = 1 + random.nextInt(64_000);
            long held = random.nextInt(200_000);
            CreditsBudget.Ask a = ask("openai/gpt-4.1-mini", MINI, input, ceiling);
            long out = budget.outputCovered(a, held);
            assertThat(out).isBetween(0L, ceiling);
            if (out > 0) assertThat(budget.cost(a, out)).isLessThanOrEqualTo(held);
            if (out < ceiling && budget.cost(a, 0) <= held) assertThat(budget.cost(a, out + 1)).isGreaterThan(held);
        }
    }

    @Test
    void aHoldThatDoesNotCoverThePromptPaysForNoOutput() {
        assertThat(budget.outputCovered(ask("openai/gpt-4.1-mini", MINI, 10_000, 100), 3_999)).isZero();
    }

    @Test
    void theWorstCaseCountsTheTierCacheWritesAndToolFeesTheBillWill() {
        ModelPrice sonnet = ModelPrice.usd("3", "15");
        var plain = new CreditsBudget.Ask("anthropic/claude-sonnet-4-5", sonnet, 1_000, false, false, Map.of(), null, 100);
        var cached = new CreditsBudget.Ask("anthropic/claude-sonnet-4-5", sonnet, 1_000, true, true, Map.of(), null, 100);
        var searching = new CreditsBudget.Ask("anthropic/claude-sonnet-4-5", sonnet, 1_000, false, false, Map.of("web_search", 2L), null, 100);
        assertThat(budget.span(plain).mostMicros()).isEqualTo(3_000 + 1_500);
        assertThat(budget.span(cached).mostMicros()).as("every prompt token written for an hour: twice the input price").isEqualTo(6_000 + 1_500);
        assertThat(budget.span(searching).mostMicros()).as("two searches at a cent").isEqualTo(3_000 + 1_500 + 20_000);
        ModelPrice gpt54 = new ModelPrice(new BigDecimal("2.50"), new BigDecimal("15"), new BigDecimal("0.25"));
        var priority = new CreditsBudget.Ask("openai/gpt-5.4", gpt54, 1_000, false, false, Map.of(), "priority", 100);
        assertThat(budget.span(priority).mostMicros()).as("priority's $5 / $30").isEqualTo(5_000 + 3_000);
    }
}
