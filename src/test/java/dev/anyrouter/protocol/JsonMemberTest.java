package dev.anyrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

class JsonMemberTest {

    private static Optional<String> value(String json, String name) {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        return JsonMember.locate(bytes, name).map(m -> new String(bytes, m.start(), m.length(), StandardCharsets.UTF_8));
    }

    @Test
    void findsTheTopLevelValueWhereverTheMemberStands() {
        assertThat(value("{\"usage\":{\"a\":1},\"id\":\"x\"}", "usage")).hasValue("{\"a\":1}");
        assertThat(value("{\"id\":\"x\",\"usage\":{\"a\":1}}", "usage")).hasValue("{\"a\":1}");
        assertThat(value(" \n{ \"id\" : [1, {\"b\":[]}] ,\r\n\t\"usage\"\t:\n [ 1 , 2 ] \n, \"z\": null }\n", "usage")).hasValue("[ 1 , 2 ]");
        assertThat(value("{\"usage\":-1.5e+3}", "usage")).hasValue("-1.5e+3");
        assertThat(value("{\"usage\":null}", "usage")).hasValue("null");
    }

    @Test
    void ignoresTheNameInsideNestedObjectsAndStrings() {
        assertThat(value("{\"choices\":[{\"usage\":1}],\"message\":{\"usage\":{}}}", "usage")).isEmpty();
        assertThat(value("{\"content\":\"\\\"usage\\\": {\\\"a\\\":1}\"}", "usage")).isEmpty();
        assertThat(value("{\"content\":\"}, \\\"usage\\\": 2, {\",\"usage\":3}", "usage")).hasValue("3");
        assertThat(value("{\"a\":\"\\\\\",\"usage\":\"\\\\\\\"}{\"}", "usage")).hasValue("\"\\\\\\\"}{\"");
    }

    @Test
    void readsANameWrittenWithEscapesAsTheNameItDecodesTo() {
        assertThat(value("{\"\\u0075sage\":1}", "usage")).hasValue("1");
        assertThat(value("{\"us\\u0061ge\":2}", "usage")).hasValue("2");
        assertThat(value("{\"caf\\u00e9\":3,\"caf\u00e9x\":4}", "caf\u00e9")).hasValue("3");
        assertThat(value("{\"\\ud83d\\ude00\":5}", "\ud83d\ude00")).hasValue("5");
        assertThat(value("{\"x\\\"usage\":6}", "usage")).isEmpty();
    }

    @Test
    void takesTheLastOfANameGivenTwiceAsAParseDoes() {
        assertThat(value("{\"usage\":1,\"id\":2,\"usage\":3}", "usage")).hasValue("3");
    }

    @Test
    void findsNothingInMalformedTextOrAnythingButAnObject() {
        String[] malformed = {
            "", " ", "[]", "[{\"usage\":1}]", "\"usage\"", "{", "{\"usage\":1", "{\"usage\":1,}", "{\"usage\" 1}", "{usage:1}",
            "{'usage':1}", "{\"usage\":01}", "{\"usage\":1.}", "{\"usage\":.5}", "{\"usage\":+1}", "{\"usage\":1e}", "{\"usage\":-}",
            "{\"usage\":tru}", "{\"usage\":NaN}", "{\"usage\":1} {}", "{\"usage\":1}x", "{\"usage\":\"a\nb\"}", "{\"usage\":\"\\x\"}",
            "{\"usage\":\"\\u12G4\"}", "{\"usage\":\"unterminated}", "{\"usage\":[1,]}", "{\"usage\":[1 2]}", "{\"usage\":{\"a\"}}",
            "{\"usage\":1 /* c */}", "{\"a\":1,,\"usage\":2}", "{\"usage\":{\"a\":1}}}", "{\"usage\":[}",
        };
        for (String json : malformed) assertThat(value(json, "usage")).as(json).isEmpty();
        assertThat(JsonMember.locate(new byte[] {'{', '"', 'u', '"', ':', '"', (byte) 0xC3, '"', '}'}, "u")).isEmpty();
        assertThat(JsonMember.locate(new byte[] {'{', '"', 'u', '"', ':', '"', (byte) 0x80, '"', '}'}, "u")).isEmpty();
    }

    @Test
    void findsNothingWhenTheMemberIsMissing() {
        assertThat(value("{}", "usage")).isEmpty();
        assertThat(value("{\"usages\":1,\"Usage\":2,\"usage \":3}", "usage")).isEmpty();
    }

    @Test
    void refusesNestingDeeperThanAParseAccepts() {
        String deep = "[".repeat(1001) + "]".repeat(1001);
        assertThat(value("{\"a\":" + deep + ",\"usage\":1}", "usage")).isEmpty();
        String fine = "[".repeat(998) + "]".repeat(998);
        assertThat(value("{\"a\":" + fine + ",\"usage\":1}", "usage")).hasValue("1");
    }

    @Test
    void agreesWithAParseOnTheMembersValue() {
        Random random = new Random(20_260_603L);
        RandomJson answers = new RandomJson(random);
        for (int round = 0; round < 3000; round++) {
            String json = answers.answer(random.nextInt(4) != 0);
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            JsonNode expected = Json.parse(bytes).get("usage");
            Optional<JsonMember> found = JsonMember.locate(bytes, "usage");
            assertThat(found.isPresent()).as(json).isEqualTo(expected != null);
            found.ifPresent(m -> assertThat(slice(bytes, m)).as(json).isEqualTo(expected));
        }
    }

    @Test
    void findsNothingWhereAParseFailsAndAgreesWhereItSucceeds() {
        Random random = new Random(7_781L);
        RandomJson answers = new RandomJson(random);
        String noise = "{}[]\",:\\ \n\t0123456789-+.eEtrufalsn\u0001x/";
        int refused = 0;
        for (int round = 0; round < 4000; round++) {
            StringBuilder json = new StringBuilder(answers.answer(true));
            int at = random.nextInt(json.length());
            switch (random.nextInt(3)) {
                case 0 -> json.deleteCharAt(at);
                case 1 -> json.insert(at, noise.charAt(random.nextInt(noise.length())));
                default -> json.setLength(at);
            }
            String text = json.toString();
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            JsonNode parsed;
            try {
                parsed = Json.parse(bytes);
            } catch (MalformedJsonException e) {
                refused++;
                assertThat(JsonMember.locate(bytes, "usage")).as(text).isEmpty();
                continue;
            }
            JsonNode expected = parsed.get("usage");
            Optional<JsonMember> found = JsonMember.locate(bytes, "usage");
            assertThat(found.isPresent()).as(text).isEqualTo(parsed.isObject() && expected != null);
            found.ifPresent(m -> assertThat(slice(bytes, m)).as(text).isEqualTo(expected));
        }
        assertThat(refused).as("mutations a parse refuses").isGreaterThan(1000);
    }

    private static JsonNode slice(byte[] bytes, JsonMember member) {
        return Json.parse(java.util.Arrays.copyOfRange(bytes, member.start(), member.end()));
    }
}
