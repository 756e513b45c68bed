package dev.anyrouter.protocol;

import dev.anyrouter.protocol.anthropic.AnthropicCodec;
import dev.anyrouter.protocol.bedrock.BedrockCodec;
import dev.anyrouter.protocol.gemini.GeminiCodec;
import dev.anyrouter.protocol.openai.OpenAiCodec;
import dev.anyrouter.protocol.openai.OpenAiDialect;
import java.util.List;

/** Every wire's codec, for tests that run each of them over the same inputs. */
final class WireCodecs {
    static final List<WireCodec> ALL = List.of(new OpenAiCodec(OpenAiDialect.OPENAI), new AnthropicCodec(), new GeminiCodec());
    /** Every wire the gateway decodes answers of: the client wires and Bedrock's Converse, which no client speaks. */
    static final List<UpstreamCodec> UPSTREAM = List.of(ALL.get(0), ALL.get(1), ALL.get(2), new BedrockCodec());

    private WireCodecs() {}

    /** Whether {@code failure} is one of the refusals a decoder may give bad input: a clear message, no crash. */
    static boolean isRefusal(RuntimeException failure) {
        return failure instanceof MalformedJsonException || failure instanceof UnsupportedFieldException;
    }
}
