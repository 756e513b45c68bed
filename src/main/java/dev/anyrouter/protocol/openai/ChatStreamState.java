package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.JsonGlance;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.sse.SseEvent;

/**
 * Watches an OpenAI Chat Completions stream as it is relayed: captures usage, notices an upstream
 * error and the {@code [DONE]} marker, and says which events the client should see
 * (the usage chunk the gateway asked for on its own is withheld). One per stream.
 */
public final class ChatStreamState {
    private final boolean clientWantsUsage;
    private Usage usage;
    private boolean done;
    private boolean sawContent;
    private JsonNode upstreamError;
    private JsonNode usageChunk;
    private long generatedChars;

    /** The members of a delta that hold generated text. */
    private static final String[] GENERATED = {"content", "reasoning_content", "reasoning", "refusal", "arguments"};

    public ChatStreamState(boolean clientWantsUsage) {
        this.clientWantsUsage = clientWantsUsage;
    }

    /** Inspects one event and answers whether to forward it to the client. */
    public boolean accept(SseEvent event) {
        usageChunk = null;
        String data = event.data();
        if (data == null) return true; // comments and keep-alives pass through
        if (data.equals("[DONE]")) {
            done = true;
            return true;
        }
        // Most chunks carry one delta and nothing else the gateway needs: only those that may hold
        // usage or an error are parsed.
        JsonGlance glance = JsonGlance.at(data);
        if (glance.mayHave("delta")) generatedChars += glance.stringChars(GENERATED);
        if (!glance.mayHaveValue("usage") && !glance.mayHave("error")) {
            if (glance.mayHave("delta")) sawContent = true;
            return true;
        }
        JsonNode chunk;
        try {
            chunk = Json.parse(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (MalformedJsonException e) {
            return true; // not ours to judge; the client sees exactly what the upstream sent
        }
        if (chunk.hasNonNull("error") && upstreamError == null) {
            JsonNode error = chunk.get("error");
            upstreamError = error.isObject() ? error : Json.object().put("message", error.asText(""));
        }
        Usage reported = OpenAiUsage.from(chunk);
        if (reported != null) {
            usage = reported;
            usageChunk = chunk;
        }
        JsonNode choices = chunk.get("choices");
        if (choices != null && choices.isArray()) {
            for (JsonNode choice : choices) {
                if (choice.has("delta")) sawContent = true;
            }
            boolean usageOnly = choices.isEmpty() && reported != null;
            return !usageOnly || clientWantsUsage;
        }
        return true;
    }

    /**
     * A stream is complete only when it said {@code [DONE]} and sent no error: a finish reason and
     * usage are not the end (an upstream can die between them and the marker, and a client that
     * waits for the marker must be told).
     */
    public boolean completed() {
        return done && upstreamError == null;
    }

    /** The {@code error} object of the upstream's first error chunk (a string error as its message), or null. */
    public JsonNode error() {
        return upstreamError;
    }

    /**
     * The last accepted event parsed, when it stated usage (so a relay that annotates the usage
     * chunk does not parse it again); null otherwise.
     */
    public JsonNode usageChunk() {
        return usageChunk;
    }

    public boolean sawContent() {
        return sawContent;
    }

    /** Characters of generated text in the deltas seen (content, reasoning, refusals, tool arguments). */
    public long generatedChars() {
        return generatedChars;
    }

    public Usage usage() {
        return usage == null ? Usage.NONE : usage;
    }
}
