package dev.anyrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonSpliceTest {
    private static final byte[] VALUE = "{\"replaced\":[1,\"}\"]}".getBytes(StandardCharsets.UTF_8);

    @Test
    void aReplacedMemberReadsAsTheSameEditOfTheTreeAndNothingElseMoves() {
        Random random = new Random(20261128L);
        RandomJson answers = new RandomJson(random);
        int replaced = 0;
        for (int round = 0; round < 3000; round++) {
            byte[] json = answers.answer(random.nextInt(4) != 0).getBytes(StandardCharsets.UTF_8);
            ObjectNode tree = (ObjectNode) Json.parse(json);
            Optional<byte[]> out = JsonSplice.replace(json, "usage", VALUE);
            String text = new String(json, StandardCharsets.UTF_8);
            assertThat(out.isPresent()).as(text).isEqualTo(tree.has("usage"));
            if (out.isEmpty()) continue;
            replaced++;
            tree.set("usage", Json.parse(VALUE));
            assertThat(Json.parse(out.get())).as(text).isEqualTo(tree);
            JsonMember at = JsonMember.locate(json, "usage").orElseThrow();
            String edited = new String(out.get(), StandardCharsets.UTF_8);
            assertThat(edited).startsWith(text.substring(0, prefixChars(json, at.start())))
                    .endsWith(new String(json, at.end(), json.length - at.end(), StandardCharsets.UTF_8));
        }
        assertThat(replaced).isGreaterThan(2000);
    }

    @Test
    void anAppendedMemberReadsAsTheSameEditOfTheTree() {
        Random random = new Random(11L);
        RandomJson answers = new RandomJson(random);
        for (int round = 0; round < 2000; round++) {
            byte[] json = answers.answer(random.nextBoolean()).getBytes(StandardCharsets.UTF_8);
            ObjectNode tree = (ObjectNode) Json.parse(json);
            if (tree.has("stream_options")) continue;
            byte[] out = JsonSplice.append(json, "stream_options", VALUE);
            tree.set("stream_options", Json.parse(VALUE));
            assertThat(Json.parse(out)).as(new String(json, StandardCharsets.UTF_8)).isEqualTo(tree);
        }
        for (String empty : new String[] {"{}", " {\n } ", "\t{ }"}) {
            JsonNode out = Json.parse(JsonSplice.append(empty.getBytes(StandardCharsets.UTF_8), "a", "1".getBytes(StandardCharsets.UTF_8)));
            assertThat(out).as(empty).isEqualTo(Json.parse("{\"a\":1}".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void textThatIsNotAWellFormedObjectOrLacksTheMemberIsLeftToTheTree() {
        for (String text : new String[] {"{\"model\":\"a\",}", "[{\"model\":\"a\"}]", "{\"model\":\"a\"} x", "{\"other\":1}",
                "\uFEFF{\"model\":\"a\"}", "", "{\"nested\":{\"model\":\"a\"}}"}) {
            assertThat(JsonSplice.replace(text.getBytes(StandardCharsets.UTF_8), "model", VALUE)).as(text).isEmpty();
        }
    }

    /** How many chars of the UTF-8 text lie before byte {@code index}. */
    private static int prefixChars(byte[] json, int index) {
        return new String(json, 0, index, StandardCharsets.UTF_8).length();
    }
}
