package dev.anyrouter.e2e;

/** Vertex AI's Anthropic publisher (Messages on {@code rawPredict}, {@code streamRawPredict}) end to end. */
class VertexClaudeEndToEndTest extends VertexEndToEnd {
    @Override
    String model() {
        return "vertex/claude-sonnet-4-5@20250929";
    }

    @Override
    String publisher() {
        return "anthropic";
    }
}
