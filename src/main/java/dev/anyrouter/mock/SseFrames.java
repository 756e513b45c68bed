package dev.anyrouter.mock;

import io.vertx.core.buffer.Buffer;

/**
 * The events of one streamed answer, made on demand so a slow 300-event stream holds no more
 * than a few counters while it waits.
 */
interface SseFrames {

    /** How many events come before the terminator. */
    int count();

    /** The bytes of event {@code index} (0-based), complete with its blank-line ending. */
    Buffer frame(int index);

    /** What ends the stream ({@code data: [DONE]}, {@code message_stop}…); left out by {@link Fault#NO_DONE}. */
    Buffer terminator();

    /** The wire's own error event, saying {@code message}, as {@link Fault#ERROR_MID_STREAM} sends it mid-stream. */
    Buffer error(String message);
}
