package dev.anyrouter.bench;

import dev.anyrouter.accounts.ApiKeyFormat;
import dev.anyrouter.routing.ModelRef;
import dev.anyrouter.routing.ModelPlan;
import dev.anyrouter.routing.RouteTarget;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * The routing decision on a warm KeyDirectory: place the model id, then plan from the cached
 * keys and credential (what every request does before it goes upstream), plus the API-key
 * check the Authenticator runs first (well-formedness and the SHA-256 its cache is keyed by).
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class RoutingBenchmark {
    @Benchmark
    public ModelRef placeBareId(WarmDirectory warm) {
        return warm.planner.place("gpt-4.1-mini");
    }

    @Benchmark
    public ModelRef placeQualifiedId(WarmDirectory warm) {
        return warm.planner.place("openai/gpt-4.1-mini");
    }

    @Benchmark
    public List<ModelPlan> decideCached(WarmDirectory warm) {
        ModelRef ref = warm.planner.place("gpt-4.1-mini");
        return warm.planner.cached(warm.accountId, warm.apiKeyId, List.of(RouteTarget.of(ref))).orElseThrow();
    }

    @Benchmark
    public String apiKeyCheckAndHash(WarmDirectory warm) {
        if (!ApiKeyFormat.isWellFormed(warm.apiKeyPlaintext)) throw new IllegalStateException();
        return ApiKeyFormat.sha256Hex(warm.apiKeyPlaintext);
    }
}
