package dev.anyrouter.mock;

import java.util.List;

/**
 * The mock's answer text, shared by every wire so a JSON answer and a streamed one say the same
 * thing. Piece {@code i} is one word (with its leading space); past the sentence's end the words
 * repeat, so any number of pieces can be asked for. Each piece counts as one completion token.
 */
final class ReplyText {

    static final List<String> WORDS = List.of(
            "This", "is", "a", "mock", "reply", "from", "the", "AnyRouter", "upstream,", "sent",
            "so", "gateways", "and", "clients", "can", "be", "checked", "end", "to", "end.");

    /** Pieces in an answer nobody scripted: the sentence once. */
    static final int DEFAULT_PIECES = WORDS.size();

    private ReplyText() {}

    static String piece(int index) {
        String word = WORDS.get(index % WORDS.size());
        return index == 0 ? word : " " + word;
    }

    static String text(int pieces) {
        StringBuilder text = new StringBuilder(pieces * 7);
        for (int i = 0; i < pieces; i++) {
            text.append(piece(i));
        }
        return text.toString();
    }

    /** The token estimate the mock reports for input text: a quarter of its characters, at least 1. */
    static int tokensFor(long characters) {
        return (int) Math.max(1, (characters + 3) / 4);
    }
}
