package dev.anyrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonGlanceTest {

    @Test
    void seesAValuedMemberAndIgnoresANullOne() {
        assertThat(JsonGlance.at("{\"usage\" : {\"prompt_tokens\":1}}").mayHaveValue("usage")).isTrue();
        assertThat(JsonGlance.at("{\"usage\":null,\"choices\":[]}").mayHaveValue("usage")).isFalse();
        assertThat(JsonGlance.at("{\"choices\":[{\"delta\":{\"content\":\"say \\\"usage\\\": 1\"}}]}").mayHaveValue("usage")).isFalse();
    }

    @Test
    void treatsAnyUnicodeEscapeAsMaybeBecauseAKeyCanHideBehindOne() {
        assertThat(JsonGlance.at("{\"\\u0075sage\":{}}").mayHaveValue("usage")).isTrue();
        assertThat(JsonGlance.at("{\"\\u0065rror\":{}}").mayHave("error")).isTrue();
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
                if (value != null) assertThat(JsonGlance.at(text).mayHave(key)).as(text).isTrue();
                if (value != null && !value.isNull()) assertThat(JsonGlance.at(text).mayHaveValue(key)).as(text).isTrue();
            }
        }
    }

    @Test
    void countsTheDecodedCharactersOfTheNamedStringsWithoutAParse() {
        String chunk = "{\"choices\":[{\"delta\":{\"content\":\"Hi \\\"you\\\" \\u00e9\"},\"finish_reason\":null}],"
                + "\"x\":{\"content\" : \"abc\"},\"y\":{\"content\":null},\"arguments\":\"{}\"}";
        // Hi "you" é = 10 characters, abc = 3, {} = 2; a null content counts nothing.
        assertThat(JsonGlance.at(chunk).stringChars("content")).isEqualTo(13);
        assertThat(JsonGlance.at(chunk).stringChars("content", "arguments")).isEqualTo(15);
        assertThat(JsonGlance.at("{\"content\":\"say \\\"content\\\": yes\"}").stringChars("content"))
                .as("a key's name inside a string is not a member").isEqualTo(18);
    }
}
