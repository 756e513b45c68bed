package dev.anyrouter.http;

import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.WireCodec;
import dev.anyrouter.protocol.anthropic.AnthropicCodec;
import dev.anyrouter.protocol.anthropic.AnthropicStreamDecoder;
import dev.anyrouter.protocol.sse.SseEvent;

/**
 * An Anthropic stream relayed to an Anthropic client: every event passes as the upstream wrote
 * it (byte for byte); the decoder only watches for the usage and the closing {@code message_stop}.
 */
final class AnthropicPassthroughEvents implements StreamRelay.Events {
    private final AnthropicStreamDecoder watcher = new AnthropicStreamDecoder();
    private final WireCodec.StreamEncoder errors = new AnthropicCodec().streamEncoder(0, true);
    private boolean failed;

    @Override
    public byte[] onEvent(SseEvent event) {
        for (StreamEvent e : watcher.accept(event)) {
            if (e instanceof StreamEvent.Failure) failed = true;
        }
        return event.raw();
    }

    @Override
    public byte[] onEnd() {
        if (watcher.completed() || failed) return new byte[0];
        return errorEvent("api_error", "the upstream stream ended before it finished");
    }

    @Override
    public byte[] errorEvent(String type, String message) {
        failed = true;
        return errors.encode(new StreamEvent.Failure(type, message));
    }

    @Override
    public boolean completed() {
        return watcher.completed() && !failed;
    }

    @Override
    public Usage usage() {
        return watcher.usage();
    }
}
