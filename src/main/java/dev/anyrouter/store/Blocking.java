package dev.anyrouter.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;

/**
 * Runs blocking work (JDBC, password hashing, DNS) on a virtual thread and completes back on
 * the caller's event-loop context, so the event loop itself never blocks.
 */
public final class Blocking implements AutoCloseable {
    private final Vertx vertx;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();

    public Blocking(Vertx vertx) {
        this.vertx = vertx;
    }

    public <T> Future<T> run(Callable<T> work) {
        Context context = vertx.getOrCreateContext();
        Promise<T> promise = Promise.promise();
        try {
            threads.execute(() -> {
                try {
                    T value = work.call();
                    context.runOnContext(v -> promise.complete(value));
                } catch (Throwable t) {
                    context.runOnContext(v -> promise.fail(t));
                }
            });
        } catch (RejectedExecutionException closed) {
            // A periodic job that fires while the node stops: it fails, instead of throwing on the event loop.
            promise.fail(new IllegalStateException("the node is stopping"));
        }
        return promise.future();
    }

    /** Waits for the work already given to finish; work given afterwards fails at once. */
    @Override
    public void close() {
        threads.close();
    }
}
