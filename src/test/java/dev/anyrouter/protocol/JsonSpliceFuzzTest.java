package dev.anyrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * {@link JsonMember} and {@link JsonSplice} on any bytes: never an exception, and whenever they
 * find a member in text that parses as an object, the member is the one the parser sees and the
 * splice changes that member alone.
 */
class JsonSpliceFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void aFoundMemberIsTheParsersAndTheSpliceEditsOnlyIt(FuzzedDataProvider data) {
        String name = data.pickValue(new String[] {"model", "usage", "a", "stream"});
        byte[] json = data.consumeRemainingAsBytes();
        Optional<JsonMember> found = JsonMember.locate(json, name);
        Optional<byte[]> spliced = JsonSplice.replace(json, name, "\"x-spliced\"".getBytes(StandardCharsets.UTF_8));
        JsonNode tree;
        try {
            tree = Json.parse(json);
        } catch (MalformedJsonException notJson) {
            return; // the scanner may or may not find members in text that is no JSON; it only must not throw
        }
        if (found.isEmpty() || !(tree instanceof ObjectNode object) || !object.has(name)) return;
        JsonNode value = Json.parse(json, found.get().start(), found.get().length());
        assertThat(value).isEqualTo(object.get(name));
        assertThat(spliced).isPresent();
        ObjectNode edited = (ObjectNode) Json.parse(spliced.get());
        object.put(name, "x-spliced");
        assertThat(edited).isEqualTo(object);
    }
}
