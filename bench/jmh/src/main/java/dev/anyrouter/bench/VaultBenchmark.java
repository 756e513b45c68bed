package dev.anyrouter.bench;

import dev.anyrouter.vault.Secret;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;

/**
 * Opening a stored provider key: the vault itself (unwrap the data key with the master key, then
 * decrypt the credential: two AES-256-GCM operations and a Tink key build) against the
 * KeyDirectory's cache that the request path uses after the first request.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class VaultBenchmark {
    @Benchmark
    public Secret vaultOpen(WarmDirectory warm) {
        return warm.vault.open(warm.sealed, warm.binding);
    }

    @Benchmark
    public Secret directoryCachedSecret(WarmDirectory warm) {
        return warm.directory.cachedSecret(warm.key);
    }

    @Benchmark
    public Secret directoryOpenWhenCached(WarmDirectory warm) {
        return warm.directory.open(warm.key);
    }
}
