package dev.anyrouter.web;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.byok.PoolService;
import io.vertx.core.MultiMap;
import java.time.Instant;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PresetFormsTest {
    @Test
    void theFormBecomesTheApisBody() {
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("name", "fast").add("models", "openai/gpt-4.1\n anthropic/claude-sonnet-4-5 ,x")
                .add("provider_order", "openai, groq").add("fallback_to_credits", "false").add("parameters", "{\"temperature\":0.2}");
        ObjectNode body = PresetForms.body(form, null);
        assertThat(body.get("name").asText()).isEqualTo("fast");
        assertThat(body.get("models").toString()).isEqualTo("[\"openai/gpt-4.1\",\"anthropic/claude-sonnet-4-5\",\"x\"]");
        assertThat(body.get("provider_order").toString()).isEqualTo("[\"openai\",\"groq\"]");
        assertThat(body.get("fallback_to_credits").asBoolean(true)).isFalse();
        assertThat(body.get("parameters").get("temperature").asDouble()).isEqualTo(0.2);
        assertThat(body.has("system_prompt")).isFalse();
    }

    @Test
    void anEmptyCreditsChoiceLeavesItToEachPoolAndBadJsonIsRefusedInWords() {
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("models", "a").add("fallback_to_credits", "");
        assertThat(PresetForms.body(form, null).get("fallback_to_credits").isNull()).isTrue();
        assertThatThrownBy(() -> PresetForms.body(MultiMap.caseInsensitiveMultiMap().add("parameters", "{nope"), null))
                .isInstanceOf(PresetForms.Unreadable.class).hasMessageContaining("JSON object");
    }

    @Test
    void healthIsToldInWordsWithUntilWhenAndWhy() {
        assertThat(ByokCards.healthText(new PoolService.Health("active", null, null))).isEqualTo("active");
        assertThat(ByokCards.healthText(new PoolService.Health("quarantined", "invalid key (HTTP 401)", null)))
                .isEqualTo("quarantined: invalid key (HTTP 401)");
        assertThat(ByokCards.healthText(new PoolService.Health("cooling_down", "429", Instant.parse("2026-01-01T12:03:04Z"))))
                .isEqualTo("cooling until 12:03:04 UTC: 429");
    }
}
