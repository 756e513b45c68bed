package dev.anyrouter.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.billing.ModelPrice;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.JsonMember;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.openai.OpenAiUsage;
import dev.anyrouter.protocol.openai.UsageCost;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * The body of a whole (non-streaming) JSON answer on the same-wire relay: reading its usage and
 * adding {@code usage.cost}. {@code wholeTree} is how the relay did it (parse the answer, annotate,
 * write the whole tree again); {@code usageOnly} locates the top-level usage member in the bytes,
 * parses and rewrites only it and splices it back ({@code http.RelayedAnswer} now goes one step
 * further: it writes the annotation's members as text before the usage object's closing brace, so
 * the usage object is parsed and never written; that class is package-private, hence not here).
 * The price of the usage, in longs now, against the BigDecimal formula it replaced.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class JsonAnswerBenchmark {
    private static final BigDecimal MILLION = BigDecimal.valueOf(1_000_000);

    private byte[] answer;
    private ModelPrice price;

    @Setup
    public void setUp() {
        answer = Recorded.bytes("openai-chat-response.json");
        price = ModelPrice.usd("0.40", "1.60");
    }

    @Benchmark
    public byte[] wholeTree() {
        JsonNode root = Json.parse(answer);
        Usage usage = OpenAiUsage.from(root);
        UsageCost.annotate(root.get("usage"), false, price.costMicros(usage.inputTokens(), usage.outputTokens(), usage.cachedTokens()));
        return Json.bytes(root);
    }

    @Benchmark
    public byte[] usageOnly() {
        JsonMember member = JsonMember.locate(answer, "usage").orElseThrow();
        JsonNode usageObject = Json.parse(answer, member.start(), member.length());
        Usage usage = OpenAiUsage.of(usageObject);
        UsageCost.annotate(usageObject, false, price.costMicros(usage.inputTokens(), usage.outputTokens(), usage.cachedTokens()));
        byte[] annotated = Json.bytes(usageObject);
        byte[] out = new byte[answer.length - member.length() + annotated.length];
        System.arraycopy(answer, 0, out, 0, member.start());
        System.arraycopy(annotated, 0, out, member.start(), annotated.length);
        System.arraycopy(answer, member.end(), out, member.start() + annotated.length, answer.length - member.end());
        return out;
    }

    /** The byte scan alone: the whole answer read and checked, the usage member found. */
    @Benchmark
    public int locateOnly() {
        return JsonMember.locate(answer, "usage").orElseThrow().start();
    }

    @Benchmark
    public long priceInLongs() {
        return price.costMicros(2_000, 20, 500);
    }

    @Benchmark
    public long priceInBigDecimal() {
        return price.inputPerMillion().multiply(BigDecimal.valueOf(1_500))
                .add(price.cachedInputPerMillion().multiply(BigDecimal.valueOf(500)))
                .add(price.outputPerMillion().multiply(BigDecimal.valueOf(20)))
                .divide(MILLION).multiply(MILLION).setScale(0, RoundingMode.CEILING).longValueExact();
    }
}
