package dev.anyrouter.providers;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Whose key a pasted key looks like, from the prefixes the catalog's key hints name ({@code sk-ant-…},
 * {@code gsk_…}): a key refused by one provider that carries another's distinctive prefix was most likely
 * pasted on the wrong card, and the refusal can say so. Only prefixes of four characters or more count
 * ({@code sk-} alone is shared by many), and only one longer than the chosen provider's own prefix where the key fits that.
 */
public final class KeyShapes {
    private static final Pattern PREFIX = Pattern.compile("^([A-Za-z0-9_./-]+)…");
    private static final int DISTINCTIVE = 4;

    private final ProviderCatalog catalog;

    public KeyShapes(ProviderCatalog catalog) {
        this.catalog = catalog;
    }

    /** The provider whose key {@code key} looks like, when that is not {@code chosen}. */
    public Optional<Provider> lookalike(Provider chosen, String key) {
        // The longest prefix the key carries wins: DeepSeek's sk-… fits an OpenAI sk-proj-… key, OpenAI's prefix fits it better.
        Optional<String> own = prefix(chosen);
        int bestLength = own.isPresent() && key.startsWith(own.get()) ? own.get().length() : 0;
        Provider best = null;
        for (Provider other : catalog.all()) {
            if (other.id().equals(chosen.id())) continue;
            Optional<String> prefix = prefix(other);
            if (prefix.isEmpty() || prefix.get().length() < DISTINCTIVE || !key.startsWith(prefix.get())) continue;
            if (prefix.get().length() > bestLength) {
                best = other;
                bestLength = prefix.get().length();
            }
        }
        return Optional.ofNullable(best);
    }

    /** A sentence for a refusal: "It looks like an Anthropic key (sk-ant-…): add it on the Anthropic card." */
    public Optional<String> hint(Provider chosen, String key) {
        return lookalike(chosen, key).map(p -> "It looks like " + article(p.name()) + " " + p.name() + " key (" + p.keyHint()
                + "), not " + article(chosen.name()) + " " + chosen.name() + " one: add it on the " + p.name() + " card");
    }

    static Optional<String> prefix(Provider provider) {
        Matcher m = PREFIX.matcher(provider.keyHint() == null ? "" : provider.keyHint());
        return m.find() ? Optional.of(m.group(1)) : Optional.empty();
    }

    private static String article(String name) {
        return name.isEmpty() || "AEIOUaeiou".indexOf(name.charAt(0)) < 0 ? "a" : "an";
    }
}
