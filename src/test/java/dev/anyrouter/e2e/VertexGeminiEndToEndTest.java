package dev.anyrouter.e2e;

/** Vertex AI's Google publisher (Gemini's {@code generateContent}, {@code streamGenerateContent?alt=sse}) end to end. */
class VertexGeminiEndToEndTest extends VertexEndToEnd {
    @Override
    String model() {
        return "vertex/gemini-2.5-pro";
    }

    @Override
    String publisher() {
        return "google";
    }
}
