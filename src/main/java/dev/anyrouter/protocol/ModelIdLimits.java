package dev.anyrouter.protocol;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.SequencedSet;

/**
 * How long a model id may be and how many one request may name, checked as the request is
 * parsed: an id or a list past them is refused before it reaches routing, a cache, the price
 * memo or the usage log. Refusals never quote the id (it may be megabytes, or a pasted key).
 *
 * @param maxLength longest model id, in characters
 * @param maxModels most ids one request may name, {@code model} and {@code models: [...]} together
 */
public record ModelIdLimits(int maxLength, int maxModels) {
    /** The gateway's defaults (the settings {@code max-model-id-length} and {@code max-request-models}). */
    public static final ModelIdLimits DEFAULT = new ModelIdLimits(256, 16);

    public ModelIdLimits {
        if (maxLength < 1 || maxModels < 1) throw new IllegalArgumentException("model id limits must be positive");
    }

    /** {@code id}, if it is a non-blank string no longer than the limit; else a refusal naming {@code field}. */
    public String check(String field, String id) {
        if (id == null || id.isBlank()) throw new MalformedJsonException("'" + field + "' must be a non-empty string");
        if (id.length() > maxLength) {
            throw new MalformedJsonException("'" + field + "' is " + id.length() + " characters long; a model id has at most "
                    + maxLength);
        }
        return id;
    }

    /**
     * {@code first} then each of {@code more} not already named, in order, de-duplicated in linear
     * time; a list naming more than {@link #maxModels} distinct ids is refused.
     */
    public List<String> distinct(String first, List<String> more) {
        SequencedSet<String> ids = new LinkedHashSet<>();
        ids.add(first);
        for (String id : more) {
            if (ids.add(id) && ids.size() > maxModels) throw tooMany();
        }
        return List.copyOf(ids);
    }

    /** The refusal of a list longer than {@link #maxModels}. */
    public MalformedJsonException tooMany() {
        return new MalformedJsonException("'models' names more than " + maxModels + " model ids; a request may try at most "
                + maxModels);
    }
}
