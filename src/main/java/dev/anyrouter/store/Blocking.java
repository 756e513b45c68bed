package dev.anyrouter.store;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.Promise;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

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
        threads.execute(() -> {
            try {
                T value = work.call();
                context.runOnContext(v -> promise.complete(value));
            } catch (Throwable t) {
                context.runOnContext(v -> promise.fail(t));
            }
        });
        return promise.future();
    }

    @Override
    public void close() {
        threads.close();
    }
}
