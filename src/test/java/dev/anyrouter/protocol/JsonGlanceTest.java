package dev.anyrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonGlanceTest {

    @Test
    void seesAValuedMemberAndIgnoresANullOne() {
        assertThat(JsonGlance.mayHaveValue("{\"usage\" : {\"prompt_tokens\":1}}", "usage")).isTrue();
        assertThat(JsonGlance.mayHaveValue("{\"usage\":null,\"choices\":[]}", "usage")).isFalse();
        assertThat(JsonGlance.mayHaveValue("{\"choices\":[{\"delta\":{\"content\":\"say \\\"usage\\\": 1\"}}]}", "usage")).isFalse();
    }

    @Test
    void treatsAnyUnicodeEscapeAsMaybeBecauseAKeyCanHideBehindOne() {
        assertThat(JsonGlance.mayHaveValue("{\"\\u0075sage\":{}}", "usage")).isTrue();
        assertThat(JsonGlance.mayHave("{\"\\u0065rror\":{}}", "error")).isTrue();
    }

    @Test
    void neverSaysNoWhenAParseFindsTheMember() {
        Random random = new Random(20261128L);
        String[] keys = {"usage", "finish_reason", "error", "delta", "content", "id"};
        String[] values = {"null", "1", "\"stop\"", "{\"a\":null}", "\"usage\\\":\"", "[null]"};
        String[] spaces = {"", " ", "\n", "\t "};
        for (int round = 0; round < 2000; round++) {
            StringBuilder json = new StringBuilder("{");
            int members = random.nextInt(4);
            for (int m = 0; m < members; m++) {
                if (m > 0) json.append(',');
                json.append('"').append(keys[random.nextInt(keys.length)]).append('"')
                        .append(spaces[random.nextInt(spaces.length)]).append(':')
                        .append(spaces[random.nextInt(spaces.length)]).append(values[random.nextInt(values.length)]);
            }
            String text = json.append('}').toString();
            JsonNode tree = Json.parse(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
            for (String key : keys) {
                JsonNode value = tree.get(key);
                if (value != null) assertThat(JsonGlance.mayHave(text, key)).as(text).isTrue();
                if (value != null && !value.isNull()) assertThat(JsonGlance.mayHaveValue(text, key)).as(text).isTrue();
            }
        }
    }
}
