package dev.anyrouter.bench;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;

/** Payloads recorded from the mock upstream (bench/jmh/src/main/resources/recorded). */
final class Recorded {
    private Recorded() {}

    static byte[] bytes(String name) {
        try (InputStream in = Recorded.class.getResourceAsStream("/recorded/" + name)) {
            if (in == null) throw new IllegalStateException("missing recorded payload " + name);
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A chat request of about {@code messages} turns, the shape OpenAI SDKs send. */
    static byte[] chatRequest(int messages, boolean stream) {
        StringBuilder json = new StringBuilder("{\"model\":\"gpt-4.1-mini\",\"messages\":[")
                .append("{\"role\":\"system\",\"content\":\"You are a concise assistant. Answer in one short paragraph.\"}");
        for (int i = 0; i < messages; i++) {
            json.append(",{\"role\":\"").append(i % 2 == 0 ? "user" : "assistant").append("\",\"content\":\"")
                    .append("Turn ").append(i).append(": explain in two sentences why a gateway in front of LLM providers"
                            + " should add as little latency as possible, and what it should measure.")
                    .append("\"}");
        }
        json.append("],\"temperature\":0.2,\"max_tokens\":200");
        if (stream) json.append(",\"stream\":true");
        return json.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }
}
