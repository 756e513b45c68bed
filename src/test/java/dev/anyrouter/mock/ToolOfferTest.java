package dev.anyrouter.mock;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ToolOfferTest {

    private static final JsonCodec JSON = new JsonCodec();
    private static final Script CALL = new Script(200, Script.NOT_GIVEN, Script.UNLIMITED, 0, 0, 0, Fault.NONE, true, 0);

    private static ToolOffer offer(List<String> declared, String text, ToolOffer.Choice choice, String forced) {
        return new ToolOffer(declared, text, choice, forced, true);
    }

    @Test
    void callsOnlyWhenToolsAreDeclaredAndTheUserAsksAboutWeather() {
        assertThat(offer(List.of("get_weather"), "What's the WEATHER?", ToolOffer.Choice.AUTO, null)
                .callsFor(Script.NONE)).extracting(ToolCall::name).containsExactly("get_weather");
        assertThat(offer(List.of("get_weather"), "Tell me a joke", ToolOffer.Choice.AUTO, null).callsFor(Script.NONE))
                .isEmpty();
        assertThat(offer(List.of(), "weather?", ToolOffer.Choice.AUTO, null).callsFor(Script.NONE)).isEmpty();
        assertThat(offer(List.of("get_weather"), "weather?", ToolOffer.Choice.FORBIDDEN, null).callsFor(Script.NONE))
                .isEmpty();
    }

    @Test
    void aRequiredOrNamedChoiceCallsWithoutTheWordAndAScriptCallsEvenWithoutTools() {
        assertThat(offer(List.of("a", "b"), "", ToolOffer.Choice.REQUIRED, null).callsFor(Script.NONE))
                .extracting(ToolCall::name).containsExactly("a");
        assertThat(offer(List.of("a", "b"), "", ToolOffer.Choice.REQUIRED, "b").callsFor(Script.NONE))
                .extracting(ToolCall::name).containsExactly("b");
        assertThat(ToolOffer.NONE.callsFor(CALL)).extracting(ToolCall::name).containsExactly(ToolOffer.DEFAULT_TOOL);
    }

    @Test
    void parallelCallsCycleToolsAndLocationsUnlessTheRequestForbidsParallelCalls() {
        Script five = new Script(200, Script.NOT_GIVEN, Script.UNLIMITED, 0, 0, 0, Fault.NONE, true, 5);

        List<ToolCall> calls = offer(List.of("a", "b"), "", ToolOffer.Choice.AUTO, null).callsFor(five);

        assertThat(calls).extracting(ToolCall::name).containsExactly("a", "b", "a", "b", "a");
        assertThat(calls).extracting(ToolCall::location).containsExactly(
                "Boston, MA", "San Francisco, CA", "Tokyo, Japan", "Paris, France", "Boston, MA");
        assertThat(new ToolOffer(List.of("a"), "", ToolOffer.Choice.AUTO, null, false).callsFor(five)).hasSize(1);
    }

    @Test
    void argumentFragmentsAreNonEmptyAndJoinToTheArgumentsExactly() {
        Random random = new Random(20_251_107L);
        String alphabet = "abcXYZ019 ,.-_\"\\/é東\n";
        for (int round = 0; round < 500; round++) {
            StringBuilder location = new StringBuilder();
            for (int i = random.nextInt(12); i > 0; i--) {
                location.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            ToolCall call = new ToolCall("f", location.toString());

            List<String> fragments = call.argumentFragments(JSON);

            assertThat(String.join("", fragments)).isEqualTo(call.argumentsJson(JSON));
            assertThat(fragments).allSatisfy(fragment -> assertThat(fragment).isNotEmpty());
            assertThat(RunningMock.parse(call.argumentsJson(JSON)).get("location").asText()).isEqualTo(location.toString());
        }
    }

    @Test
    void bostonArgumentsAreCutLikeATokenizerWould() {
        assertThat(new ToolCall("f", "Boston, MA").argumentFragments(JSON))
                .containsExactly("{\"", "location", "\":\"", "Boston", ", ", "MA", "\"}");
    }
}
