package dev.anyrouter.mock;

import io.vertx.core.buffer.Buffer;

/**
 * The events of one streamed chat completion, as OpenAI sends them: the chunks of the message
 * (an opening chunk with the role, then content pieces or tool-call fragments), a chunk with an
 * empty delta and the {@code finish_reason}, then (when {@code stream_options.include_usage}) a
 * chunk with no choices and the usage, with {@code "usage":null} on all the others;
 * {@code data: [DONE]} ends it.
 */
final class OpenAiChatStream implements SseFrames {

    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");
    private static final String OPENING_CHOICE =
            "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}";

    /** A text answer's {@code choices[0]} objects: the opening chunk's, then one content piece each. */
    static OnDemand<String> text(OpenAiChat chat, int pieces) {
        return OnDemand.of(pieces + 1, index -> index == 0
                ? OPENING_CHOICE
                : "{\"index\":0,\"delta\":{\"content\":" + chat.quotedPiece(index - 1)
                        + "},\"logprobs\":null,\"finish_reason\":null}");
    }

    private final Ids ids;
    private final String head;
    private final OnDemand<String> deltas;
    private final String finish;
    private final String usage;
    private final boolean obfuscate;

    /**
     * @param head     the chunk's JSON up to and including {@code "choices":[}
     * @param deltas   the {@code choices[0]} objects of the chunks before the finishing one
     * @param usage    the usage object's JSON, or {@code null} when usage was not asked for
     */
    OpenAiChatStream(Ids ids, String head, OnDemand<String> deltas, String finish, String usage, boolean obfuscate) {
        this.ids = ids;
        this.head = head;
        this.deltas = deltas;
        this.finish = finish;
        this.usage = usage;
        this.obfuscate = obfuscate;
    }

    @Override
    public int count() {
        return deltas.count() + 1 + (usage == null ? 0 : 1);
    }

    @Override
    public Buffer frame(int index) {
        int message = deltas.count();
        if (index < message) {
            return chunk(deltas.get(index), false);
        }
        if (index == message) {
            return chunk("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"" + finish + "\"}", false);
        }
        return chunk("", true);
    }

    @Override
    public Buffer terminator() {
        return DONE;
    }

    @Override
    public Buffer error(String message) {
        return Buffer.buffer("data: {\"error\":{\"message\":" + JsonCodec.quote(message)
                + ",\"type\":\"server_error\",\"param\":null,\"code\":null}}\n\n");
    }

    private Buffer chunk(String choice, boolean withUsage) {
        StringBuilder event = new StringBuilder(head.length() + choice.length() + 64)
                .append("data: ").append(head).append(choice).append(']');
        if (usage != null) {
            event.append(",\"usage\":").append(withUsage ? usage : "null");
        }
        if (obfuscate) {
            event.append(",\"obfuscation\":\"").append(ids.alphanumeric(ids.between(2, 12))).append('"');
        }
        return Buffer.buffer(event.append("}\n\n").toString());
    }
}
