package dev.anyrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class TokenEstimateTest {
    static TokenEstimate.Prompt prompt(TokenEstimate.Wire wire, String json) {
        return TokenEstimate.prompt(wire, Json.parse(json.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void countsTheTextOfEachWiresPromptFieldsAndItsMessages() {
        String text = "a".repeat(400);
        var chat = prompt(TokenEstimate.Wire.CHAT, "{\"model\":\"m\",\"max_tokens\":99,\"messages\":[{\"role\":\"system\",\"content\":\"" + text
                + "\"},{\"role\":\"user\",\"content\":[{\"type\":\"text\",\"text\":\"" + text + "\"}]}]}");
        assertThat(chat).isEqualTo(new TokenEstimate.Prompt(800, 2, 0));
        assertThat(chat.estimate()).isEqualTo(200 + 4 * 3);
        assertThat(chat.ceiling()).isEqualTo(267 + 4 * 3);
        var responses = prompt(TokenEstimate.Wire.RESPONSES, "{\"model\":\"m\",\"instructions\":\"" + text + "\",\"input\":\"" + text + "\"}");
        assertThat(responses.chars()).isEqualTo(800);
        var messages = prompt(TokenEstimate.Wire.MESSAGES, "{\"model\":\"m\",\"max_tokens\":5,\"system\":[{\"type\":\"text\",\"text\":\""
                + text + "\",\"cache_control\":{\"type\":\"ephemeral\"}}],\"messages\":[{\"role\":\"user\",\"content\":\"" + text + "\"}]}");
        assertThat(messages).isEqualTo(new TokenEstimate.Prompt(800, 1, 0));
    }

    @Test
    void imagesCountAtAFixedSizeAndTheirDataNotAsText() {
        var chat = prompt(TokenEstimate.Wire.CHAT, "{\"messages\":[{\"role\":\"user\",\"content\":[{\"type\":\"image_url\",\"image_url\":{\"url\":\"data:image/png;base64,"
                + "A".repeat(10_000) + "\"}}]}]}");
        assertThat(chat.chars()).isZero();
        assertThat(chat.images()).isEqualTo(1);
        assertThat(chat.ceiling()).isGreaterThan(chat.estimate());
    }

    @Test
    void toolSchemasCountAsTheirJson() {
        var chat = prompt(TokenEstimate.Wire.CHAT, "{\"messages\":[],\"tools\":[{\"type\":\"function\",\"function\":{\"name\":\"get\",\"parameters\":{\"type\":\"object\"}}}]}");
        // type function function name get parameters type object: member names and values alike.
        assertThat(chat.chars()).isEqualTo("typefunctionfunctionnamegetparameterstypeobject".length());
    }

    @Test
    void outputIsAQuarterOfTheCharactersAndAtLeastOneForAny() {
        assertThat(TokenEstimate.output(0)).isZero();
        assertThat(TokenEstimate.output(1)).isEqualTo(1);
        assertThat(TokenEstimate.output(400)).isEqualTo(100);
    }
}
