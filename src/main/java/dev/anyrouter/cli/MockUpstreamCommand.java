package dev.anyrouter.cli;

import dev.anyrouter.mock.MockUpstream;
import io.vertx.core.Vertx;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code anyrouter mock-upstream}: a fake provider for tests, checks and benchmarks. */
@Command(name = "mock-upstream", mixinStandardHelpOptions = true,
        description = "Start the mock upstream provider (OpenAI, Anthropic and Gemini wires; scripted faults at /_mock/script).")
final class MockUpstreamCommand implements Callable<Integer> {

    @Option(names = "--port", paramLabel = "N", defaultValue = "9090", description = "Port (default 9090).")
    int port;

    @Option(names = "--host", defaultValue = "127.0.0.1", description = "Bind address (default 127.0.0.1).")
    String host;

    @Override
    public Integer call() throws Exception {
        Vertx vertx = Vertx.vertx();
        MockUpstream mock = MockUpstream.start(vertx, host, port).toCompletionStage().toCompletableFuture()
                .get(30, TimeUnit.SECONDS);
        System.out.println("Mock upstream listening on http://" + host + ":" + mock.port() + "/v1");
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            mock.close();
            vertx.close();
            stopped.countDown();
        }, "mock-shutdown"));
        stopped.await();
        return 0;
    }
}
