package dev.anyrouter.providers.exchange;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Fixtures;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.RandomJson;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.openai.UsageCost;
import dev.anyrouter.protocol.sse.SseEvent;
import io.vertx.core.buffer.Buffer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.function.ToLongFunction;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RelayedAnswerTest {
    private static final ToLongFunction<Usage> COSTS = u -> 3 * u.inputTokens() + 11 * u.outputTokens() + u.cachedTokens() + 1;
    private static final Passthrough ANTHROPIC = new AnthropicPassthrough("2023-06-01", null);

    /** What the client got before: the whole answer parsed, its usage annotated, the whole tree written again. */
    private static CostNote note(boolean byok, ToLongFunction<Usage> pricing) {
        return new CostNote(byok, pricing);
    }

    private static JsonNode wholeTreeAnswer(byte[] upstream, Passthrough wire, boolean billing) {
        JsonNode root = Json.parse(upstream);
        Usage reported = wire.usage(root.get("usage"));
        if (reported != null && wire.annotatesCost() && root instanceof ObjectNode) {
            UsageCost.annotate(root.get("usage"), billing, COSTS.applyAsLong(reported));
        }
        return Json.parse(Json.bytes(root));
    }

    private static Usage wholeTreeUsage(byte[] upstream, Passthrough wire) {
        Usage reported = wire.usage(Json.parse(upstream).get("usage"));
        return reported == null ? Usage.NONE : reported;
    }

    @Test
    void aResponsesAnswerIsPricedWithTheWebSearchesItsOutputRan() {
        byte[] upstream = Fixtures.bytes("openai/responses-web-search.json");
        RelayedAnswer answer = RelayedAnswer.of(Buffer.buffer(upstream), RelayedWire.RESPONSES,
                note(false, u -> u.outputTokens() + 10_000 * u.webSearches()));
        assertThat(answer.usage()).isEqualTo(new Usage(9120, 412, 0, 0, 0, 2));
        assertThat(answer.costMicros()).isEqualTo(412 + 20_000);
        assertThat(Json.parse(answer.body().getBytes()).at("/usage/cost").asDouble()).isEqualTo(0.020412);

        RelayedAnswer anthropic = RelayedAnswer.of(Buffer.buffer(Fixtures.bytes("anthropic/response-web-search.json")), ANTHROPIC,
                note(false, u -> 10_000 * u.webSearches()));
        assertThat(anthropic.usage().webSearches()).isEqualTo(2);
        assertThat(anthropic.costMicros()).isEqualTo(20_000);
    }

    @Test
    void annotatesOnlyTheUsageObjectAndKeepsEveryOtherByteOfAChatAnswer() {
        byte[] upstream = Fixtures.bytes("openai/chat-response-text.json");
        RelayedAnswer answer = RelayedAnswer.of(Buffer.buffer(upstream), RelayedWire.CHAT, note(false, COSTS));

        byte[] out = answer.body().getBytes();
        String text = new String(upstream, StandardCharsets.UTF_8);
        int usageAt = text.indexOf("\"usage\": ") + "\"usage\": ".length();
        int usageEnd = text.indexOf("\n  },\n  \"service_tier\"") + "\n  }".length();
        String suffix = text.substring(usageEnd);
        assertThat(Arrays.copyOfRange(out, 0, usageAt)).isEqualTo(Arrays.copyOfRange(upstream, 0, usageAt));
        assertThat(new String(out, StandardCharsets.UTF_8)).endsWith(suffix);
        assertThat(answer.usage()).isEqualTo(new Usage(19, 10, 0));
        JsonNode usage = Json.parse(out).get("usage");
        assertThat(usage.get("cost").asDouble()).isEqualTo(COSTS.applyAsLong(answer.usage()) / 1_000_000.0);
        assertThat(usage.get("is_byok").asBoolean()).isFalse();
        assertThat(usage.get("total_tokens").asLong()).isEqualTo(29);
        assertThat(Json.parse(out)).isEqualTo(wholeTreeAnswer(upstream, RelayedWire.CHAT, false));
    }

    @Test
    void pricesTheUsageOnceForTheAnnotationAndTheBill() {
        java.util.concurrent.atomic.AtomicInteger priced = new java.util.concurrent.atomic.AtomicInteger();
        ToLongFunction<Usage> counting = u -> {
            priced.incrementAndGet();
            return COSTS.applyAsLong(u);
        };
        byte[] upstream = Fixtures.bytes("openai/chat-response-text.json");
        RelayedAnswer answer = RelayedAnswer.of(Buffer.buffer(upstream), RelayedWire.CHAT, note(true, counting));
        assertThat(answer.costMicros()).isEqualTo(COSTS.applyAsLong(new Usage(19, 10, 0)));
        assertThat(Json.parse(answer.body().getBytes()).at("/usage/cost_details/upstream_inference_cost").asDouble())
                .isEqualTo(answer.costMicros() / 1_000_000.0);
        RelayedAnswer anthropic = RelayedAnswer.of(Buffer.buffer(Fixtures.bytes("anthropic/response-tool-use.json")), ANTHROPIC,
                note(true, counting));
        assertThat(anthropic.costMicros()).isEqualTo(COSTS.applyAsLong(anthropic.usage()));
        assertThat(priced).hasValue(2);
        assertThat(RelayedAnswer.of(Buffer.buffer("{\"id\":1}"), RelayedWire.CHAT, note(true, counting)).costMicros()).isZero();
        assertThat(priced).hasValue(2);
    }

    @Test
    void recordedOpenAiAnswersComeOutAsTheWholeTreePathMadeThem() {
        byte[] chat = Fixtures.bytes("openai/chat-response-parallel-tool-calls.json");
        byte[] responses = responsesAnswer();
        for (boolean billing : new boolean[] {true, false}) {
            RelayedAnswer tools = RelayedAnswer.of(Buffer.buffer(chat), RelayedWire.CHAT, note(billing, COSTS));
            assertThat(Json.parse(tools.body().getBytes())).isEqualTo(wholeTreeAnswer(chat, RelayedWire.CHAT, billing));
            assertThat(tools.usage()).isEqualTo(wholeTreeUsage(chat, RelayedWire.CHAT)).isNotEqualTo(Usage.NONE);

            RelayedAnswer response = RelayedAnswer.of(Buffer.buffer(responses), RelayedWire.RESPONSES, note(billing, COSTS));
            assertThat(Json.parse(response.body().getBytes())).isEqualTo(wholeTreeAnswer(responses, RelayedWire.RESPONSES, billing));
            assertThat(response.usage()).isEqualTo(wholeTreeUsage(responses, RelayedWire.RESPONSES)).isNotEqualTo(Usage.NONE);
            assertThat(Json.parse(response.body().getBytes()).get("usage").has("cost")).isTrue();
        }
    }

    @Test
    void relaysRecordedAnthropicAnswersByteForByteAndReadsTheirUsage() {
        for (String name : new String[] {"response-text.json", "response-tool-use.json", "response-cached.json"}) {
            byte[] upstream = Fixtures.bytes("anthropic/" + name);
            RelayedAnswer answer = RelayedAnswer.of(Buffer.buffer(upstream), ANTHROPIC, note(true, COSTS));
            assertThat(answer.body().getBytes()).as(name).isEqualTo(upstream);
            assertThat(answer.usage()).as(name).isEqualTo(wholeTreeUsage(upstream, ANTHROPIC));
        }
        byte[] cached = Fixtures.bytes("anthropic/response-cached.json");
        assertThat(RelayedAnswer.of(Buffer.buffer(cached), ANTHROPIC, note(true, COSTS)).usage())
                .isEqualTo(new Usage(21 + 188_086 + 1_200, 393, 1_200, 188_086, 0));
    }

    @Test
    void aUsageObjectThatAlreadyStatesACostHasItReplacedNotRepeatedAndAnEmptyOneGetsOne() {
        String text = "{\"id\":\"x\",\"usage\":{\"prompt_tokens\":4,\"completion_tokens\":2,\"cost\":9.5,\"is_byok\":false}}";
        RelayedAnswer answer = RelayedAnswer.of(Buffer.buffer(text), RelayedWire.CHAT, note(true, COSTS));
        String out = answer.body().toString(StandardCharsets.UTF_8);
        assertThat(out.split("\"cost\"", -1)).hasSize(2);
        assertThat(Json.parse(out.getBytes(StandardCharsets.UTF_8)).at("/usage/cost").asDouble()).isZero();
        assertThat(Json.parse(out.getBytes(StandardCharsets.UTF_8)).at("/usage/is_byok").asBoolean()).isTrue();
        for (String empty : new String[] {"{\"usage\":{}}", "{\"usage\":{ \n }}"}) {
            byte[] written = RelayedAnswer.of(Buffer.buffer(empty), RelayedWire.CHAT, note(true, COSTS)).body().getBytes();
            assertThat(Json.parse(written).get("usage")).as(empty).isEqualTo(wholeTreeAnswer(empty.getBytes(StandardCharsets.UTF_8),
                    RelayedWire.CHAT, true).get("usage"));
        }
    }

    @Test
    void theWrittenAnnotationReadsAsTheTreeAnnotationDoes() {
        Random random = new Random(7L);
        for (int round = 0; round < 2000; round++) {
            long micros = switch (round % 4) {
                case 0 -> random.nextInt(10);
                case 1 -> random.nextInt(1_000_000);
                case 2 -> random.nextLong(1L << 40);
                default -> 0;
            };
            boolean billing = random.nextBoolean();
            ObjectNode tree = Json.MAPPER.createObjectNode();
            UsageCost.annotate(tree, billing, micros);
            JsonNode written = Json.parse(("{" + UsageCost.members(billing, micros) + "}").getBytes(StandardCharsets.UTF_8));
            assertThat(written).as("%d %s", micros, billing).isEqualTo(tree);
        }
    }

    @Test
    void relaysAnAnswerWithNoUsageOrNotWellFormedUntouched() {
        for (String text : new String[] {"{\"id\":\"x\",\"choices\":[{\"usage\":{\"prompt_tokens\":1}}]}", "{\"usage\":null}",
                "{\"usage\":{\"prompt_tokens\":5}", "not json", "", "[{\"usage\":{\"prompt_tokens\":5}}]"}) {
            Buffer upstream = Buffer.buffer(text);
            RelayedAnswer answer = RelayedAnswer.of(upstream, RelayedWire.CHAT, note(false, COSTS));
            assertThat(answer.body()).as(text).isSameAs(upstream);
            assertThat(answer.usage()).as(text).isEqualTo(Usage.NONE);
            assertThat(answer.wellFormed()).as(text).isEqualTo(text.startsWith("{\"id\"") || text.equals("{\"usage\":null}"));
        }
    }

    @Test
    void randomAnswersComeOutAsTheWholeTreePathMadeThemWithTheRestUntouched() throws IOException {
        Random random = new Random(42_4242L);
        RandomJson answers = new RandomJson(random);
        Passthrough[] wires = {RelayedWire.CHAT, RelayedWire.RESPONSES, ANTHROPIC};
        for (int round = 0; round < 1500; round++) {
            String text = answers.answer(random.nextInt(5) != 0);
            byte[] upstream = text.getBytes(StandardCharsets.UTF_8);
            Passthrough wire = wires[random.nextInt(wires.length)];
            boolean billing = random.nextBoolean();
            RelayedAnswer answer = RelayedAnswer.of(Buffer.buffer(upstream), wire, note(billing, COSTS));
            byte[] out = answer.body().getBytes();

            JsonNode whole = wholeTreeAnswer(upstream, wire, billing);
            assertThat(Json.parse(out)).as(text).isEqualTo(whole);
            assertThat(answer.usage()).as(text).isEqualTo(wholeTreeUsage(upstream, wire));
            // Byte for byte: the upstream's text with the annotation written in before the usage object's closing brace
            // or, when the upstream's usage already had one of its members, only the usage object's span (found by
            // Jackson's own parser) rewritten.
            long[] span = usageSpan(upstream);
            boolean annotated = whole.path("usage").has("cost");
            JsonNode sent = annotated ? Json.parse(upstream).get("usage") : null;
            byte[] expected = upstream;
            if (annotated && UsageCost.MEMBERS.stream().anyMatch(sent::has)) {
                expected = splice(upstream, span, Json.bytes(whole.get("usage")));
            } else if (annotated) {
                String members = (sent.isEmpty() ? "" : ",") + UsageCost.members(billing, answer.costMicros());
                expected = splice(upstream, new long[] {span[1] - 1, span[1] - 1}, members.getBytes(StandardCharsets.UTF_8));
            }
            assertThat(new String(out, StandardCharsets.UTF_8)).as(text).isEqualTo(new String(expected, StandardCharsets.UTF_8));
        }
    }

    /** The last top-level {@code usage} value's byte span, as Jackson's streaming parser reports it. */
    private static long[] usageSpan(byte[] json) throws IOException {
        long[] span = null;
        try (JsonParser parser = Json.MAPPER.getFactory().createParser(json)) {
            parser.nextToken();
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                boolean usage = parser.currentName().equals("usage");
                parser.nextToken();
                long start = parser.currentTokenLocation().getByteOffset();
                parser.skipChildren();
                if (usage) span = new long[] {start, parser.currentLocation().getByteOffset()};
            }
        }
        return span;
    }

    private static byte[] splice(byte[] json, long[] span, byte[] value) {
        byte[] out = new byte[json.length - (int) (span[1] - span[0]) + value.length];
        System.arraycopy(json, 0, out, 0, (int) span[0]);
        System.arraycopy(value, 0, out, (int) span[0], value.length);
        System.arraycopy(json, (int) span[1], out, (int) span[0] + value.length, json.length - (int) span[1]);
        return out;
    }

    @Test
    void theRandomAnswersReallyExerciseTheSplice() {
        Random random = new Random(42_4242L);
        RandomJson answers = new RandomJson(random);
        int spliced = 0;
        for (int round = 0; round < 300; round++) {
            byte[] upstream = answers.answer(true).getBytes(StandardCharsets.UTF_8);
            RelayedAnswer answer = RelayedAnswer.of(Buffer.buffer(upstream), RelayedWire.CHAT, note(false, COSTS));
            if (!Arrays.equals(answer.body().getBytes(), upstream)) spliced++;
        }
        assertThat(spliced).isGreaterThan(200);
    }

    private static byte[] responsesAnswer() {
        for (SseEvent event : Fixtures.sse(Fixtures.bytes("openai/responses-stream-text.sse"))) {
            if ("response.completed".equals(event.event())) {
                return Json.bytes(Json.parse(event.data().getBytes(StandardCharsets.UTF_8)).get("response"));
            }
        }
        throw new MalformedJsonException("no response.completed event in the fixture");
    }
}
