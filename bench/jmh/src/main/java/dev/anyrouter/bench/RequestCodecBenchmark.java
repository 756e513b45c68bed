package dev.anyrouter.bench;

import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.openai.ChatRequest;
import dev.anyrouter.protocol.openai.OpenAiUsage;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Request decode/encode on the same-wire path: parse the client's OpenAI body (ChatRequest.parse),
 * write the upstream body with {@code model} rewritten (forUpstream), and read the usage out of a
 * JSON answer (what the JSON relay does to every response).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RequestCodecBenchmark {
    /** Turns in the conversation: 1 is a ~400-byte request, 40 about 7 KB. */
    @Param({"1", "40"})
    public int messages;

    private byte[] body;
    private byte[] streamBody;
    private ChatRequest parsed;
    private ChatRequest parsedStream;
    private byte[] answer;

    @Setup
    public void setUp() {
        body = Recorded.chatRequest(messages, false);
        streamBody = Recorded.chatRequest(messages, true);
        parsed = ChatRequest.parse(body);
        parsedStream = ChatRequest.parse(streamBody);
        answer = Recorded.bytes("openai-chat-response.json");
    }

    @Benchmark
    public ChatRequest parse() {
        return ChatRequest.parse(body);
    }

    @Benchmark
    public byte[] forUpstream() {
        return parsed.forUpstream("gpt-4.1-mini");
    }

    /** A stream request also gets {@code stream_options.include_usage} added. */
    @Benchmark
    public byte[] forUpstreamStream() {
        return parsedStream.forUpstream("gpt-4.1-mini");
    }

    @Benchmark
    public byte[] parseAndForUpstream() {
        return ChatRequest.parse(body).forUpstream("gpt-4.1-mini");
    }

    /** The whole ~700-byte answer is parsed into a tree only to read its usage. */
    @Benchmark
    public Usage answerUsage() {
        return OpenAiUsage.from(Json.parse(answer));
    }
}
