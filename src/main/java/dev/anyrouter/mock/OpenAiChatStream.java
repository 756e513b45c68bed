package dev.anyrouter.mock;

import io.vertx.core.buffer.Buffer;

/**
 * The events of one streamed chat completion, as OpenAI sends them: a chunk opening the
 * assistant's message, one chunk per content piece, a chunk with an empty delta and the
 * {@code finish_reason}, then (when {@code stream_options.include_usage}) a chunk with no choices
 * and the usage, with {@code "usage":null} on all the others; {@code data: [DONE]} ends it.
 */
final class OpenAiChatStream implements SseFrames {

    private static final Buffer DONE = Buffer.buffer("data: [DONE]\n\n");
    private static final String OPENING_CHOICE =
            "{\"index\":0,\"delta\":{\"role\":\"assistant\",\"content\":\"\",\"refusal\":null},\"logprobs\":null,\"finish_reason\":null}";

    private final OpenAiChat chat;
    private final Ids ids;
    private final String head;
    private final int pieces;
    private final String finish;
    private final String usage;
    private final boolean obfuscate;

    /**
     * @param head     the chunk's JSON up to and including {@code "choices":[}
     * @param usage    the usage object's JSON, or {@code null} when usage was not asked for
     */
    OpenAiChatStream(OpenAiChat chat, Ids ids, String head, int pieces, String finish, String usage, boolean obfuscate) {
        this.chat = chat;
        this.ids = ids;
        this.head = head;
        this.pieces = pieces;
        this.finish = finish;
        this.usage = usage;
        this.obfuscate = obfuscate;
    }

    @Override
    public int count() {
        return pieces + 2 + (usage == null ? 0 : 1);
    }

    @Override
    public Buffer frame(int index) {
        if (index == 0) {
            return chunk(OPENING_CHOICE, false);
        }
        if (index <= pieces) {
            return chunk("{\"index\":0,\"delta\":{\"content\":" + chat.quotedPiece(index - 1)
                    + "},\"logprobs\":null,\"finish_reason\":null}", false);
        }
        if (index == pieces + 1) {
            return chunk("{\"index\":0,\"delta\":{},\"logprobs\":null,\"finish_reason\":\"" + finish + "\"}", false);
        }
        return chunk("", true);
    }

    @Override
    public Buffer terminator() {
        return DONE;
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
