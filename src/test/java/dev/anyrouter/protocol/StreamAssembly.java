package dev.anyrouter.protocol;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Folds a neutral event stream into the reply it describes, as a client's accumulator would. */
final class StreamAssembly {
    private StreamAssembly() {}

    static ModelReply of(List<StreamEvent> events) {
        String id = null;
        String model = null;
        Map<Integer, StreamEvent.BlockStart> starts = new LinkedHashMap<>();
        Map<Integer, StringBuilder> text = new LinkedHashMap<>();
        Map<Integer, StringBuilder> signature = new LinkedHashMap<>();
        StopReason reason = null;
        String stopSequence = null;
        Usage usage = Usage.NONE;
        for (StreamEvent e : events) {
            switch (e) {
                case StreamEvent.Start s -> {
                    id = s.id();
                    model = s.model();
                }
                case StreamEvent.BlockStart b -> {
                    starts.put(b.index(), b);
                    text.put(b.index(), new StringBuilder());
                    signature.put(b.index(), new StringBuilder());
                }
                case StreamEvent.TextDelta d -> text.get(d.index()).append(d.text());
                case StreamEvent.ThinkingDelta d -> text.get(d.index()).append(d.text());
                case StreamEvent.ToolArgumentsDelta d -> text.get(d.index()).append(d.fragment());
                case StreamEvent.SignatureDelta d -> signature.get(d.index()).append(d.signature());
                case StreamEvent.Finish f -> {
                    reason = f.stopReason();
                    stopSequence = f.stopSequence();
                    usage = f.usage();
                }
                default -> { }
            }
        }
        List<Part> content = new ArrayList<>();
        starts.forEach((index, b) -> content.add(switch (b.kind()) {
            case TEXT -> new Part.Text(text.get(index).toString());
            case THINKING -> new Part.Thinking(text.get(index).toString(),
                    signature.get(index).isEmpty() ? null : signature.get(index).toString());
            case REDACTED_THINKING -> new Part.RedactedThinking(b.data());
            case TOOL_CALL -> new Part.ToolCall(b.toolCallId(), b.toolName(),
                    text.get(index).isEmpty() ? "{}" : text.get(index).toString());
        }));
        return new ModelReply(id, model, content, reason, stopSequence, usage);
    }
}
