package dev.anyrouter.inference;

import dev.anyrouter.protocol.Json;
import dev.anyrouter.routing.RequestNeeds;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class NeedsEstimateTest {
    static RequestNeeds of(String json) {
        return NeedsEstimate.of(Json.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void countsTextButNotImageDataAndSeesImagesAndToolsOnTheOpenAiWire() {
        String image = "data:image/png;base64," + "A".repeat(40_000);
        RequestNeeds needs = of("{\"model\":\"m\",\"max_tokens\":256,\"messages\":[{\"role\":\"user\",\"content\":["
                + "{\"type\":\"text\",\"text\":\"" + "x".repeat(400) + "\"},{\"type\":\"image_url\",\"image_url\":{\"url\":\"" + image
                + "\"}}]}],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"f\"}}]}");
        assertThat(needs.images()).isTrue();
        assertThat(needs.tools()).isTrue();
        assertThat(needs.maxOutputTokens()).isEqualTo(256);
        assertThat(needs.promptTokens()).as("about 400 characters of text, not the image").isBetween(100L, 130L);
    }

    @Test
    void readsTheAnthropicWireToo() {
        RequestNeeds needs = of("{\"model\":\"m\",\"max_tokens\":1024,\"system\":\"" + "s".repeat(80) + "\",\"messages\":[{\"role\":"
                + "\"user\",\"content\":[{\"type\":\"image\",\"source\":{\"type\":\"base64\",\"data\":\"QUJD\"}}]}]}");
        assertThat(needs.images()).isTrue();
        assertThat(needs.tools()).isFalse();
        assertThat(needs.maxOutputTokens()).isEqualTo(1024);
        assertThat(needs.promptTokens()).isBetween(20L, 30L);
    }

    @Test
    void aPlainRequestNeedsLittle() {
        RequestNeeds needs = of("{\"model\":\"m\",\"messages\":[{\"role\":\"user\",\"content\":\"hi\"}],\"tools\":[]}");
        assertThat(needs).isEqualTo(new RequestNeeds(2, 0, false, false)); // "user" and "hi": six characters
    }
}
