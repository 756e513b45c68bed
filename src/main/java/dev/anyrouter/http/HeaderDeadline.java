package dev.anyrouter.http;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.LastHttpContent;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.net.impl.ConnectionBase;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Closes an HTTP/1 connection that does not send a request's headers in time: counted from when
 * the connection opens and from when its last answer was written, so a slowloris client (a
 * connection kept open by silence or by a byte of header now and then) costs a socket for at most
 * this long, while a request being served, however long its stream, is never cut. One timer per
 * connection at most: a request arriving only clears a flag, and the timer, when it fires, re-arms
 * itself for whatever remains.
 *
 * <p>It sits in the connection's Netty pipeline between Vert.x' HTTP codec and its handler, where
 * request heads and answer ends pass as messages.
 */
final class HeaderDeadline extends ChannelDuplexHandler {
    private final long timeoutNanos;
    private boolean waiting = true;
    private long since = System.nanoTime();
    private boolean armed;
    /** Requests whose heads arrived minus answers completed: the connection waits for headers at 0. */
    private int inFlight;

    private HeaderDeadline(Duration timeout) {
        this.timeoutNanos = timeout.toNanos();
    }

    /** Puts a deadline on {@code connection}, if it is an HTTP/1 connection (HTTP/2 has its own framing). */
    static void install(HttpConnection connection, Duration timeout) {
        if (!(connection instanceof ConnectionBase base)) return;
        ChannelPipeline pipeline = base.channel().pipeline();
        if (pipeline.get("httpDecoder") == null || pipeline.get("handler") == null) return;
        pipeline.addBefore("handler", "headerDeadline", new HeaderDeadline(timeout));
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        arm(ctx);
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) throws Exception {
        if (msg instanceof HttpRequest) {
            inFlight++;
            waiting = false;
        }
        super.channelRead(ctx, msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) throws Exception {
        if (msg instanceof LastHttpContent && --inFlight <= 0) {
            inFlight = 0;
            waiting = true;
            since = System.nanoTime();
            if (!armed) arm(ctx);
        }
        super.write(ctx, msg, promise);
    }

    private void arm(ChannelHandlerContext ctx) {
        armed = true;
        long left = timeoutNanos - (System.nanoTime() - since);
        ctx.executor().schedule(() -> fire(ctx), Math.max(left, 0), TimeUnit.NANOSECONDS);
    }

    private void fire(ChannelHandlerContext ctx) {
        armed = false;
        if (!waiting || !ctx.channel().isActive()) return;
        if (System.nanoTime() - since >= timeoutNanos) {
            ctx.close();
        } else {
            arm(ctx);
        }
    }
}
