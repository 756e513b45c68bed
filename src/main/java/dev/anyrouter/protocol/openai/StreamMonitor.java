package dev.anyrouter.protocol.openai;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.JsonGlance;
import dev.anyrouter.protocol.MalformedJsonException;
import dev.anyrouter.protocol.Usage;
import dev.anyrouter.protocol.sse.SseEvent;

/**
 * Watches an OpenAI Chat Completions stream as it is relayed: captures usage, notices the
 * finish reason and the {@code [DONE]} marker, and says which events the client should see
 * (the usage chunk the gateway asked for on its own is withheld). One per stream.
 */
public final class StreamMonitor {
    private final boolean clientWantsUsage;
    private Usage usage;
    private boolean finished;
    private boolean done;
    private boolean sawContent;
    private boolean upstreamError;
    private JsonNode usageChunk;
    private long generatedChars;

    /** The members of a delta that hold generated text. */
    private static final String[] GENERATED = {"content", "reasoning_content", "reasoning", "refusal", "arguments"};

    public StreamMonitor(boolean clientWantsUsage) {
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
        // usage, a finish reason or an error are parsed.
        JsonGlance glance = JsonGlance.at(data);
        if (glance.mayHave("delta")) generatedChars += glance.stringChars(GENERATED);
        if (!glance.mayHaveValue("usage") && !glance.mayHaveValue("finish_reason") && !glance.mayHave("error")) {
            if (glance.mayHave("delta")) sawContent = true;
            return true;
        }
        JsonNode chunk;
        try {
            chunk = Json.parse(data.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        } catch (MalformedJsonException e) {
            return true; // not ours to judge; the client sees exactly what the upstream sent
        }
        if (chunk.has("error")) upstreamError = true;
        Usage reported = OpenAiUsage.from(chunk);
        if (reported != null) {
            usage = reported;
            usageChunk = chunk;
        }
        JsonNode choices = chunk.get("choices");
        if (choices != null && choices.isArray()) {
            for (JsonNode choice : choices) {
                JsonNode reason = choice.get("finish_reason");
                if (reason != null && !reason.isNull()) finished = true;
                if (choice.has("delta")) sawContent = true;
            }
            boolean usageOnly = choices.isEmpty() && reported != null;
            return !usageOnly || clientWantsUsage;
        }
        return true;
    }

    /** A stream is complete only when it said [DONE] or gave a finish reason, and sent no error. */
    public boolean completed() {
        return (done || finished) && !upstreamError;
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
