package dev.anyrouter.providers;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A refused key that carries another provider's distinctive prefix is pointed at that provider's card. */
class KeyShapesTest {
    private static final ProviderCatalog CATALOG = ProviderCatalog.loadDefault();
    private static final KeyShapes SHAPES = new KeyShapes(CATALOG);

    private static Provider p(String id) {
        return CATALOG.find(id).orElseThrow();
    }

    @Test
    void anAnthropicKeyPastedIntoOpenAiIsNamedAsAnthropics() {
        assertThat(SHAPES.lookalike(p("openai"), "sk-ant-api03-abc")).contains(p("anthropic"));
        assertThat(SHAPES.hint(p("openai"), "sk-ant-api03-abc")).hasValue(
                "It looks like an Anthropic key (sk-ant-…), not an OpenAI one: add it on the Anthropic card");
        assertThat(SHAPES.lookalike(p("openai"), "gsk_abc")).contains(p("groq"));
        assertThat(SHAPES.lookalike(p("deepseek"), "sk-proj-abc")).as("an OpenAI project key on DeepSeek's card").contains(p("openai"));
    }

    @Test
    void aKeyOfTheProvidersOwnShapeOrOfNoDistinctiveShapeIsPointedNowhere() {
        assertThat(SHAPES.lookalike(p("openai"), "sk-proj-abc")).isEmpty();
        assertThat(SHAPES.lookalike(p("anthropic"), "sk-ant-abc")).isEmpty();
        assertThat(SHAPES.lookalike(p("openai"), "sk-abc123")).as("sk- alone is shared by many").isEmpty();
        assertThat(SHAPES.lookalike(p("groq"), "some-key")).isEmpty();
        assertThat(KeyShapes.prefix(p("mistral"))).as("a hint that names no prefix").isEmpty();
    }
}
