package dev.anyrouter.routing;

import dev.anyrouter.providers.Capability;
import dev.anyrouter.providers.ModelEntry;

/**
 * What a request asks of the model that serves it, as far as the router can tell cheaply: a rough
 * size of its prompt, the output it asks room for, and whether it carries images or offers tools.
 * Virtual models skip candidates that cannot take it rather than let the upstream refuse.
 *
 * @param promptTokens an estimate of the prompt's tokens (characters / 4); 0 when unknown
 * @param maxOutputTokens the output the request asks room for ({@code max_tokens}); 0 when it names none
 */
public record RequestNeeds(long promptTokens, long maxOutputTokens, boolean images, boolean tools) {
    /** A request that asks for nothing in particular. */
    public static final RequestNeeds ANY = new RequestNeeds(0, 0, false, false);

    public RequestNeeds {
        if (promptTokens < 0 || maxOutputTokens < 0) throw new IllegalArgumentException("token counts must not be negative");
    }

    /** Whether {@code model} can take this request: context, output room, images and tools. */
    public boolean fits(ModelEntry model) {
        if (images && !model.has(Capability.VISION)) return false;
        if (tools && !model.has(Capability.TOOLS)) return false;
        if (model.maxOutput().isPresent() && maxOutputTokens > model.maxOutput().getAsInt()) return false;
        return promptTokens + maxOutputTokens <= model.contextLength();
    }
}
