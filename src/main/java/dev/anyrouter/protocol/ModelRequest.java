package dev.anyrouter.protocol;

import java.util.List;

/**
 * A chat request in the neutral model: what every wire's codec decodes to and encodes from
 * when the client's wire and the upstream's differ. Optional settings are null when unset.
 *
 * @param model the model id as the upstream knows it (the codec is given it; clients' ids are routed first)
 * @param system system instructions, as text parts (empty when none)
 * @param messages the conversation, oldest first
 * @param tools functions the model may call (empty when none)
 * @param toolChoice null when unset
 * @param parallelToolCalls null when unset; false forbids several calls in one turn
 * @param responseFormat null when unset
 * @param stop stop sequences (empty when none)
 * @param maxTokens the output limit, or null
 * @param reasoning null when unset
 * @param user an end-user id for abuse tracking (OpenAI {@code user}, Anthropic {@code metadata.user_id}), or null
 * @param stream whether the client wants a stream
 * @param dropped client fields that were pure hints and could not be carried (they go in {@code x-anyrouter-dropped-params})
 */
public record ModelRequest(
        String model,
        List<Part.Text> system,
        List<Message> messages,
        List<ToolDefinition> tools,
        ToolChoice toolChoice,
        Boolean parallelToolCalls,
        ResponseFormat responseFormat,
        Sampling sampling,
        List<String> stop,
        Integer maxTokens,
        Reasoning reasoning,
        String user,
        boolean stream,
        List<String> dropped) {

    public ModelRequest {
        system = List.copyOf(system);
        messages = List.copyOf(messages);
        tools = List.copyOf(tools);
        stop = List.copyOf(stop);
        dropped = List.copyOf(dropped);
        if (sampling == null) sampling = Sampling.DEFAULT;
    }

    /** The same request for another model id. */
    public ModelRequest withModel(String upstreamModel) {
        return new ModelRequest(upstreamModel, system, messages, tools, toolChoice, parallelToolCalls, responseFormat,
                sampling, stop, maxTokens, reasoning, user, stream, dropped);
    }

    /** The system prompt as one string (parts joined by blank lines), or null when there is none. */
    public String systemText() {
        if (system.isEmpty()) return null;
        StringBuilder b = new StringBuilder();
        for (Part.Text t : system) {
            if (!b.isEmpty()) b.append("\n\n");
            b.append(t.text());
        }
        return b.toString();
    }
}
