package dev.anyrouter.providers;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The catalog's {@code responses} flag: which upstreams take a Responses request as it is. */
class ResponsesFlagTest {

    private static final String ENTRY = """
            providers:
              - id: demo
                name: Demo
                group: hosts
                wire: WIRE
                base_url: https://api.example.com/v1
                hosts: [api.example.com]
                key_hint: "demo-…"
                auth: bearer
                validation: GET /models
                docs: https://example.com/keys
                model_prefixes: [demo-]
            """;

    private static ProviderCatalog load(String yaml) {
        return ProviderCatalog.load(new ByteArrayInputStream(yaml.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void openAiServesResponsesAndChatOnlyProvidersDoNot() {
        ProviderCatalog catalog = ProviderCatalog.loadDefault();
        assertThat(catalog.find("openai").orElseThrow().responses()).isTrue();
        assertThat(catalog.find("anthropic").orElseThrow().responses()).isFalse();
        assertThat(catalog.find("google").orElseThrow().responses()).isFalse();
    }

    @Test
    void theFlagDefaultsToFalseAndIsReadWhenGiven() {
        assertThat(load(ENTRY.replace("WIRE", "openai")).find("demo").orElseThrow().responses()).isFalse();
        assertThat(load(ENTRY.replace("WIRE", "openai") + "    responses: true\n").find("demo").orElseThrow().responses())
                .isTrue();
    }

    @Test
    void theFlagOnAnotherWireIsRejected() {
        assertThatThrownBy(() -> load(ENTRY.replace("WIRE", "anthropic") + "    responses: true\n"))
                .isInstanceOf(ProviderCatalog.InvalidCatalogException.class)
                .hasMessageContaining("providers[0] (demo)")
                .hasMessageContaining("responses: true is only meaningful for the openai wire");
    }

    @Test
    void aMistypedFlagIsRejected() {
        assertThatThrownBy(() -> load(ENTRY.replace("WIRE", "openai") + "    responses: maybe\n"))
                .isInstanceOf(ProviderCatalog.InvalidCatalogException.class);
    }
}
