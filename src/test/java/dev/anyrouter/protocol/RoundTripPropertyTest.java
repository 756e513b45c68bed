package dev.anyrouter.protocol;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.anthropic.AnthropicCodec;
import dev.anyrouter.protocol.gemini.GeminiCodec;
import dev.anyrouter.protocol.openai.OpenAiCodec;
import dev.anyrouter.protocol.openai.OpenAiDialect;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Seeded random cases: neutral → wire → neutral is the identity for every feature a wire
 * carries, for requests, replies and streams. Each wire gets requests in the form it can carry
 * (no thinking history on OpenAI, no frequency penalty on Anthropic, ...); what it cannot carry
 * is covered by the refusal tests.
 */
class RoundTripPropertyTest {
    private static final int CASES = 300;
    private final OpenAiCodec openai = new OpenAiCodec(OpenAiDialect.OPENAI);
    private final AnthropicCodec anthropic = new AnthropicCodec();
    private final GeminiCodec gemini = new GeminiCodec();

    private enum Target { OPENAI, ANTHROPIC, GEMINI }

    @Test
    void openAiRequestsRoundTrip() {
        Random random = new Random(11);
        for (int i = 0; i < CASES; i++) {
            ModelRequest r = request(random, Target.OPENAI);
            assertThat(openai.decodeRequest(openai.encodeRequest(r).body())).as("case %d", i).isEqualTo(r);
        }
    }

    @Test
    void anthropicRequestsRoundTrip() {
        Random random = new Random(12);
        for (int i = 0; i < CASES; i++) {
            ModelRequest r = request(random, Target.ANTHROPIC);
            assertThat(anthropic.decodeRequest(anthropic.encodeRequest(r).body())).as("case %d", i).isEqualTo(r);
        }
    }

    @Test
    void geminiRequestsRoundTrip() {
        Random random = new Random(13);
        for (int i = 0; i < CASES; i++) {
            ModelRequest r = request(random, Target.GEMINI);
            assertThat(gemini.decodeRequest(gemini.encodeRequest(r).body(), r.model(), r.stream())).as("case %d", i).isEqualTo(r);
        }
    }

    @Test
    void repliesRoundTripOnEveryWire() {
        Random random = new Random(14);
        for (int i = 0; i < CASES; i++) {
            for (Target t : Target.values()) {
                WireCodec codec = codec(t);
                ModelReply reply = reply(random, t);
                assertThat(codec.decodeReply(codec.encodeReply(reply, 1_700_000_000L))).as("%s case %d", t, i).isEqualTo(reply);
            }
        }
    }

    @Test
    void streamsRoundTripOnEveryWire() {
        Random random = new Random(15);
        for (int i = 0; i < CASES; i++) {
            for (Target t : Target.values()) {
                WireCodec codec = codec(t);
                ModelReply reply = reply(random, t);
                List<StreamEvent> events = events(reply, random);
                ModelReply back = Fixtures.assemble(Fixtures.decode(codec, Fixtures.encode(codec, events, true)));
                assertThat(back).as("%s case %d", t, i).isEqualTo(reply);
            }
        }
    }

    private WireCodec codec(Target t) {
        return switch (t) {
            case OPENAI -> openai;
            case ANTHROPIC -> anthropic;
            case GEMINI -> gemini;
        };
    }

    // ---- generators ----

    private static ModelRequest request(Random r, Target t) {
        List<Part.Text> system = new ArrayList<>();
        for (int k = r.nextInt(3); k > 0; k--) system.add(new Part.Text(words(r)));
        List<Message> messages = new ArrayList<>();
        List<Part.ToolCall> open = List.of();
        int turns = 1 + r.nextInt(6);
        for (int k = 0; k < turns; k++) {
            if (k % 2 == 0) {
                List<Part> parts = new ArrayList<>();
                if (!open.isEmpty()) {
                    for (Part.ToolCall call : open) parts.add(toolResult(r, t, call));
                    open = List.of();
                } else {
                    parts.add(new Part.Text(words(r)));
                    if (r.nextInt(3) == 0) parts.add(new Part.Image(image(r)));
                }
                messages.add(new Message(Role.USER, parts));
            } else {
                List<Part> parts = new ArrayList<>();
                if (t == Target.ANTHROPIC && r.nextInt(4) == 0) parts.add(new Part.Thinking(words(r), "sig" + r.nextInt(1000)));
                if (r.nextBoolean()) parts.add(new Part.Text(words(r)));
                List<Part.ToolCall> calls = new ArrayList<>();
                for (int c = parts.isEmpty() ? 1 + r.nextInt(2) : r.nextInt(3); c > 0; c--) {
                    calls.add(new Part.ToolCall("call_" + k + "_" + c + "_" + r.nextInt(1000), "tool_" + r.nextInt(3), arguments(r)));
                }
                parts.addAll(calls);
                open = calls;
                messages.add(new Message(Role.ASSISTANT, parts));
            }
        }
        List<ToolDefinition> tools = new ArrayList<>();
        for (int k = r.nextInt(3); k > 0; k--) tools.add(new ToolDefinition("tool_" + k, r.nextBoolean() ? words(r) : null, schema(r)));
        ToolChoice choice = switch (r.nextInt(5)) {
            case 0 -> new ToolChoice.Auto();
            case 1 -> new ToolChoice.None();
            case 2 -> new ToolChoice.Required();
            case 3 -> new ToolChoice.Named("tool_1");
            default -> null;
        };
        Boolean parallel = switch (t) {
            case OPENAI -> r.nextInt(3) == 0 ? null : r.nextBoolean();
            case ANTHROPIC -> r.nextBoolean() ? Boolean.FALSE : null;
            case GEMINI -> null;
        };
        if (t == Target.ANTHROPIC && Boolean.FALSE.equals(parallel) && choice == null) choice = new ToolChoice.Auto();
        ResponseFormat format = switch (r.nextInt(4)) {
            case 0 -> t == Target.ANTHROPIC ? null : new ResponseFormat.Text();
            case 1 -> t == Target.ANTHROPIC ? null : new ResponseFormat.JsonObject();
            case 2 -> new ResponseFormat.JsonSchema(t == Target.OPENAI ? "answer" : null, schema(r), t == Target.OPENAI ? Boolean.TRUE : null);
            default -> null;
        };
        Sampling sampling = new Sampling(maybe(r, 0.25 * r.nextInt(5)), maybe(r, 0.5 + 0.1 * r.nextInt(5)),
                t == Target.OPENAI ? null : maybe(r, 1 + r.nextInt(50)),
                t == Target.ANTHROPIC ? null : maybe(r, 0.5), t == Target.ANTHROPIC ? null : maybe(r, -0.5),
                t == Target.ANTHROPIC ? null : maybe(r, (long) r.nextInt(1000)));
        List<String> stop = r.nextBoolean() ? List.of("END") : List.of();
        Integer maxTokens = t == Target.ANTHROPIC || r.nextBoolean() ? 2048 + r.nextInt(4096) : null;
        Reasoning reasoning = switch (r.nextInt(3)) {
            case 0 -> null;
            case 1 -> switch (t) {
                case OPENAI -> new Reasoning(null, List.of("minimal", "low", "medium", "high").get(r.nextInt(4)), true);
                case ANTHROPIC, GEMINI -> new Reasoning(1024 + r.nextInt(1000), null, true);
            };
            default -> t == Target.OPENAI ? null : Reasoning.OFF;
        };
        String user = t == Target.GEMINI || r.nextBoolean() ? null : "user-" + r.nextInt(100);
        return new ModelRequest("model-" + r.nextInt(10), system, messages, tools, choice, parallel, format, sampling, stop,
                maxTokens, reasoning, user, r.nextBoolean(), List.of());
    }

    private static Part toolResult(Random r, Target t, Part.ToolCall call) {
        List<Part> content = new ArrayList<>();
        content.add(new Part.Text(words(r)));
        if (t == Target.OPENAI && r.nextBoolean()) content.add(new Part.Text(words(r)));
        if (t == Target.ANTHROPIC && r.nextInt(4) == 0) content.add(new Part.Image(image(r)));
        return new Part.ToolResult(call.id(), content, t != Target.OPENAI && r.nextInt(4) == 0);
    }

    private static ModelReply reply(Random r, Target t) {
        List<Part> content = new ArrayList<>();
        if (t != Target.GEMINI || r.nextBoolean()) {
            if (r.nextInt(3) == 0) content.add(new Part.Thinking(words(r), t == Target.OPENAI ? null : "sig-" + r.nextInt(99)));
        }
        if (t == Target.ANTHROPIC && r.nextInt(5) == 0) content.add(new Part.RedactedThinking("EmwKAhgB" + r.nextInt(99)));
        if (r.nextBoolean()) content.add(new Part.Text(words(r)));
        int calls = r.nextInt(3);
        for (int c = 0; c < calls; c++) content.add(new Part.ToolCall("call_" + c + r.nextInt(9999), "tool_" + c, arguments(r)));
        if (content.isEmpty()) content.add(new Part.Text(words(r)));
        StopReason reason = switch (t) {
            case OPENAI -> calls > 0 ? StopReason.TOOL_USE
                    : List.of(StopReason.END_TURN, StopReason.MAX_TOKENS, StopReason.CONTENT_FILTER).get(r.nextInt(3));
            case ANTHROPIC -> calls > 0 ? StopReason.TOOL_USE : List.of(StopReason.END_TURN, StopReason.MAX_TOKENS,
                    StopReason.STOP_SEQUENCE, StopReason.REFUSAL, StopReason.PAUSE_TURN).get(r.nextInt(5));
            case GEMINI -> calls > 0 ? StopReason.TOOL_USE
                    : List.of(StopReason.END_TURN, StopReason.MAX_TOKENS, StopReason.CONTENT_FILTER, StopReason.OTHER).get(r.nextInt(4));
        };
        long input = 10 + r.nextInt(5000);
        long cached = r.nextBoolean() ? r.nextInt((int) input) : 0;
        long write = t == Target.ANTHROPIC && r.nextBoolean() ? r.nextInt((int) (input - cached) + 1) : 0;
        long reasoning = r.nextBoolean() ? r.nextInt(300) : 0;
        Usage usage = new Usage(input, reasoning + r.nextInt(2000), cached, write, reasoning);
        return new ModelReply("id-" + r.nextInt(1_000_000), "model-" + r.nextInt(9), content, reason,
                reason == StopReason.STOP_SEQUENCE ? "END" : null, usage);
    }

    /** The events a streaming upstream would send for a reply, arguments and text cut into random pieces. */
    private static List<StreamEvent> events(ModelReply reply, Random r) {
        List<StreamEvent> events = new ArrayList<>();
        events.add(new StreamEvent.Start(reply.id(), reply.model(), Usage.NONE));
        int index = 0;
        for (Part p : reply.content()) {
            switch (p) {
                case Part.Text t -> {
                    events.add(new StreamEvent.BlockStart(index, StreamEvent.BlockKind.TEXT, null, null, null));
                    for (String piece : pieces(t.text(), r)) events.add(new StreamEvent.TextDelta(index, piece));
                }
                case Part.Thinking th -> {
                    events.add(new StreamEvent.BlockStart(index, StreamEvent.BlockKind.THINKING, null, null, null));
                    for (String piece : pieces(th.text(), r)) events.add(new StreamEvent.ThinkingDelta(index, piece));
                    if (th.signature() != null) events.add(new StreamEvent.SignatureDelta(index, th.signature()));
                }
                case Part.RedactedThinking red -> events.add(
                        new StreamEvent.BlockStart(index, StreamEvent.BlockKind.REDACTED_THINKING, null, null, red.data()));
                case Part.ToolCall call -> {
                    events.add(new StreamEvent.BlockStart(index, StreamEvent.BlockKind.TOOL_CALL, call.id(), call.name(), null));
                    for (String piece : pieces(call.arguments(), r)) events.add(new StreamEvent.ToolArgumentsDelta(index, piece));
                }
                default -> throw new IllegalStateException();
            }
            events.add(new StreamEvent.BlockStop(index++));
        }
        events.add(new StreamEvent.Finish(reply.stopReason(), reply.stopSequence(), reply.usage()));
        events.add(new StreamEvent.End());
        return events;
    }

    private static List<String> pieces(String s, Random r) {
        List<String> out = new ArrayList<>();
        int i = 0;
        while (i < s.length()) {
            int n = 1 + r.nextInt(Math.max(1, s.length() - i));
            out.add(s.substring(i, Math.min(s.length(), i + n)));
            i += n;
        }
        return out;
    }

    private static String words(Random r) {
        String[] words = {"weather", "Boston", "ünïcödé", "\"quoted\"", "line\nbreak", "emoji 🌤", "tab\t", "{braces}", "x"};
        StringBuilder b = new StringBuilder(words[r.nextInt(words.length)]);
        for (int k = r.nextInt(5); k > 0; k--) b.append(' ').append(words[r.nextInt(words.length)]);
        return b.toString();
    }

    private static ImageSource image(Random r) {
        return r.nextBoolean() ? new ImageSource.Url("https://example.com/img" + r.nextInt(99) + ".png")
                : new ImageSource.Base64("image/png", "iVBORw0KGgo" + r.nextInt(9999));
    }

    private static String arguments(Random r) {
        ObjectNode args = Json.object();
        for (int k = r.nextInt(4); k > 0; k--) {
            switch (r.nextInt(3)) {
                case 0 -> args.put("s" + k, words(r));
                case 1 -> args.put("n" + k, r.nextInt(1000));
                default -> args.putArray("a" + k).add(true).add(r.nextDouble());
            }
        }
        return JsonFields.compact(args);
    }

    private static ObjectNode schema(Random r) {
        ObjectNode schema = Json.object().put("type", "object");
        schema.putObject("properties").putObject("p" + r.nextInt(5)).put("type", "string");
        return schema;
    }

    private static <T> T maybe(Random r, T value) {
        return r.nextBoolean() ? value : null;
    }
}
