package dev.anyrouter.protocol;

import java.util.List;

/**
 * A complete (non-streamed) answer in the neutral model.
 *
 * @param content text, thinking and tool calls, in the order the model produced them
 * @param stopSequence the stop sequence that ended it, when {@code stopReason} is {@link StopReason#STOP_SEQUENCE}
 */
public record ModelReply(String id, String model, List<Part> content, StopReason stopReason, String stopSequence,
                         Usage usage) {
    public ModelReply {
        content = List.copyOf(content);
        if (usage == null) usage = Usage.NONE;
    }
}
