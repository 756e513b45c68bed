package dev.anyrouter.providers.exchange;

import dev.anyrouter.protocol.StreamEvent;
import dev.anyrouter.protocol.StreamFraming;
import dev.anyrouter.protocol.sse.SseEvent;
import dev.anyrouter.providers.UpstreamErrors;
import dev.anyrouter.vault.Secret;
import io.vertx.core.Promise;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClientResponse;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerResponse;
import java.util.ArrayList;
import java.util.List;

/**
 * The one relay of a streamed answer, passed through or translated alike (the {@link StreamWatch}
 * says what each upstream event becomes). Nothing reaches the client until the upstream has shown
 * it can serve: its status and first events are held until real content, at most
 * {@code heldBytes} of them. Up to that point a failure (an error event or one that is not JSON, a
 * stream that ends or breaks, an event over its bound, too much held, no content within the
 * first-byte timeout) ends the attempt as not served, for the next key to try. From the first
 * content on, the stream is relayed as it arrives, never the whole body at once, with
 * back-pressure (the upstream is paused while the client's queue is full); a failure then ends it
 * with the client wire's error event, which the client cannot mistake for success: the upstream's
 * own error event re-told in the client's wire with its message cleaned, or the gateway's when
 * the stream broke, ended without its wire's terminator, or sent an event over its bound. A node
 * that stops ends the stream the same way ({@link #stop}). The attempt's outcome is known once the
 * stream has ended.
 */
final class StreamRelay {
    private static final CharSequence EVENT_STREAM = HttpHeaders.createOptimized("text/event-stream");
    private static final CharSequence NO_CACHE = HttpHeaders.createOptimized("no-cache");

    private final HttpClientResponse response;
    private final Reply reply;
    private final HttpServerResponse out;
    private final Answering answering;
    private final StreamWatch watch;
    private final StreamFraming framing;
    private final AttemptDeadline<Outcome> deadline;
    private final Promise<Outcome> result;
    private final long sentNanos;
    private final Secret credential;
    private final long heldLimit;
    private final List<Buffer> held = new ArrayList<>();
    private long heldBytes;
    private boolean committed;
    private boolean finished;
    private long firstContentNanos;
    private long relayedBytes;

    /**
     * @param credential the key the stream was asked with, never to be repeated in what the client reads
     * @param heldLimit most bytes of events held before the first content
     */
    StreamRelay(HttpClientResponse response, Reply reply, Answering answering, AttemptDeadline<Outcome> deadline, Promise<Outcome> result,
                long sentNanos, Secret credential, long heldLimit) {
        this.response = response;
        this.reply = reply;
        this.out = reply.out();
        this.answering = answering;
        this.watch = answering.watch();
        this.framing = answering.framing();
        this.deadline = deadline;
        this.result = result;
        this.sentNanos = sentNanos;
        this.credential = credential;
        this.heldLimit = heldLimit;
    }

    void start() {
        response.handler(this::onChunk);
        response.exceptionHandler(this::onFailure);
        response.endHandler(v -> onEnd());
        // A client that leaves, before the first content or after, ends the upstream stream at once:
        // no tokens are generated for nobody, and what was relayed is what is billed.
        out.closeHandler(v -> clientGone());
        if (out.closed()) clientGone();
    }

    private void clientGone() {
        if (finished) return;
        deadline.disarm();
        held.clear();
        // The verdict first: the reset sets off the upstream's failure callback (at once when both
        // connections share an event loop), which must not read as the upstream breaking the stream
        // and count against the key.
        end(Outcome.Ending.CLIENT_GONE, 499, "client_closed");
        response.request().reset();
    }

    /**
     * The node is stopping and the drain deadline passed: a stream the client reads is ended with the
     * wire's error event (never a silent cut), one that showed no content yet fails the attempt with
     * {@link NodeDraining}, for the client to be answered a 503. The upstream is reset either way.
     */
    void stop() {
        if (finished) return;
        if (!committed) {
            finished = true;
            deadline.disarm();
            held.clear();
            heldBytes = 0;
            result.tryFail(NodeDraining.exception());
        } else {
            finished = true;
            if (!out.ended() && !out.closed()) {
                write(watch.errorEvent(NodeDraining.ERROR.type(), NodeDraining.CODE, NodeDraining.ERROR.message()));
                out.end();
            }
            end(Outcome.Ending.STOPPED, NodeDraining.ERROR.status(), NodeDraining.CODE);
        }
        response.request().reset(); // after the verdict, whose failure callback it sets off
    }

    private void onChunk(Buffer chunk) {
        if (finished) return;
        List<SseEvent> events;
        try {
            events = framing.feed(chunk.getBytes());
        } catch (StreamFraming.EventTooLargeException tooLarge) {
            unreadable("stream event over its size limit", "upstream_event_too_large",
                    "the upstream sent a stream event larger than the gateway relays");
            return;
        } catch (StreamFraming.MalformedStreamException malformed) {
            unreadable("stream not readable", "upstream_stream_malformed", "the upstream sent a stream the gateway could not read");
            return;
        }
        // The events of one upstream read leave in one write: one system call per read, not per event.
        Buffer relay = null;
        for (SseEvent event : events) {
            Buffer raw = watch.relayed(event, reply.costs());
            if (committed) {
                if (raw != null) relay = relay == null ? raw : relay.appendBuffer(raw);
                StreamEvent.Failure failure = watch.failure();
                if (failure != null) {
                    if (relay != null) write(relay);
                    upstreamFailed(failure);
                    return;
                }
                continue;
            }
            if (raw != null) {
                held.add(raw);
                heldBytes += raw.length();
            }
            switch (watch.failure() != null ? StreamStart.ERROR : watch.start(event)) {
                case CONTENT -> commit();
                case ERROR -> {
                    abandon(new Outcome.NoContent("error event before content"));
                    return;
                }
                case NOTHING_YET -> {
                    if (heldBytes > heldLimit) {
                        abandon(new Outcome.NoContent("over " + heldLimit + " bytes of stream before content"));
                        return;
                    }
                }
            }
            if (finished) return;
        }
        if (relay != null && !finished) write(relay);
        if (committed && out.writeQueueFull()) {
            response.pause();
            out.drainHandler(v -> response.resume());
        }
    }

    /** The upstream has produced content: from here on the client sees the stream, and there is no going back. */
    private void commit() {
        deadline.disarm();
        if (result.future().isComplete()) { // timed out an instant ago; the reset is on its way
            finished = true;
            return;
        }
        committed = true;
        firstContentNanos = System.nanoTime();
        answering.headers(response, reply);
        out.setStatusCode(200).setChunked(true)
                .putHeader(HttpHeaders.CONTENT_TYPE, EVENT_STREAM)
                .putHeader(HttpHeaders.CACHE_CONTROL, NO_CACHE);
        Buffer first = Buffer.buffer();
        held.forEach(first::appendBuffer);
        held.clear();
        heldBytes = 0;
        if (first.length() > 0) write(first);
    }

    /**
     * The stream's bytes cannot be read on: before content the next key may serve; after it the
     * client is told in its wire, and the upstream reset.
     */
    private void unreadable(String beforeContent, String code, String message) {
        if (!committed) {
            abandon(new Outcome.NoContent(beforeContent));
            return;
        }
        broken(code, message);
        response.request().reset(); // after the verdict, whose failure callback it sets off
    }

    private void abandon(Outcome.Cause cause) {
        finished = true;
        deadline.disarm();
        held.clear();
        heldBytes = 0;
        response.request().reset();
        result.tryComplete(new Outcome.NotServed(cause));
    }

    private void onFailure(Throwable failure) {
        if (finished) return;
        if (!committed) {
            finished = true;
            deadline.disarm();
            result.tryComplete(new Outcome.NotServed(new Outcome.NoAnswer(failure)));
            return;
        }
        broken("upstream_stream_failed", "the upstream stream failed before it finished");
    }

    private void onEnd() {
        if (finished) return;
        if (!committed) {
            abandon(new Outcome.NoContent("stream ended before content"));
            return;
        }
        Buffer tail = watch.end();
        if (tail != null && tail.length() > 0) write(tail);
        if (watch.completed()) {
            finished = true; // before the end, whose close must not read as the client going away
            out.end();
            end(Outcome.Ending.ANSWERED, 200, null);
        } else {
            broken("upstream_stream_incomplete", "the upstream stream ended before it finished");
        }
    }

    /**
     * The upstream's own error event after content: told to the client in its wire, the type kept
     * where it is a plain identifier, the message cleaned of the key and anything key-like.
     */
    private void upstreamFailed(StreamEvent.Failure failure) {
        String detail = failure.message() == null ? "" : UpstreamErrors.clean(failure.message(), credential);
        String message = "the upstream reported an error mid-stream" + (detail.isEmpty() ? "" : ": " + detail);
        broken(UpstreamErrors.safeCode(failure.type()), "upstream_stream_error", message);
        response.request().reset(); // after the verdict, whose failure callback it sets off
    }

    /** After the client saw content: end with the wire's error event, and report the stream as broken. */
    private void broken(String code, String message) {
        broken(null, code, message);
    }

    private void broken(String type, String code, String message) {
        finished = true;
        if (!out.ended() && !out.closed()) {
            write(watch.errorEvent(type, code, message));
            out.end();
        }
        end(Outcome.Ending.BROKEN, 502, code);
    }

    private void write(Buffer bytes) {
        relayedBytes += bytes.length();
        out.write(bytes);
    }

    private void end(Outcome.Ending ending, int status, String errorCode) {
        finished = true;
        result.tryComplete(new Outcome.Served(ending, status, errorCode, watch.usage(), relayedBytes,
                new Outcome.Timings(sentNanos, firstContentNanos, System.nanoTime()), watch.generatedChars(), watch.usageFinal()));
    }
}
