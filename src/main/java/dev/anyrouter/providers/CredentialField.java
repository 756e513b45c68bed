package dev.anyrouter.providers;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * One named part of a provider's credential beyond the key itself (Cloudflare's account id,
 * Alibaba's region, Z.ai's plan), declared in the catalog's {@code credential:} list and shown as
 * its own input where a key is added. A field fills the {@code {name}} placeholder of the
 * provider's {@code base_url}: the user picks or types the field, never the URL.
 *
 * <p>A field is either a choice ({@code choices}: each allowed value and the text it puts in the
 * URL) or typed text that must match {@code pattern} whole. {@code secret} marks a field that is
 * part of the secret itself (sealed with the key, never shown); the structured credentials of the
 * clouds (issue 17) build on it, and until they land the catalog refuses such a field.
 *
 * @param name the placeholder and the API field ({@code account_id})
 * @param label what the dialog calls it
 * @param help one line on where the user finds the value
 * @param pattern the whole-match rule for typed text; null for a choice
 * @param choices allowed values and what each puts in the URL, in display order; empty for typed text
 * @param defaultValue the value used when none is given; null when the field is required
 * @param secret whether the value is secret (see above)
 */
public record CredentialField(String name, String label, String help, Pattern pattern, Map<String, String> choices,
                              String defaultValue, boolean secret) {

    public CredentialField {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(label, "label");
        if (!name.matches("[a-z][a-z0-9_]*")) {
            throw new IllegalArgumentException("credential field names are lower_case words, got '" + name + "'");
        }
        if (name.equals("key") || name.equals("api_key")) {
            throw new IllegalArgumentException("credential field '" + name + "' is the key itself; declare only the parts beyond it");
        }
        choices = choices == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(choices));
        if ((pattern == null) == choices.isEmpty()) {
            throw new IllegalArgumentException("credential field '" + name + "' needs exactly one of pattern or choices");
        }
        if (defaultValue != null && !accepts(defaultValue, pattern, choices)) {
            throw new IllegalArgumentException("credential field '" + name + "' default '" + defaultValue + "' is not one of its values");
        }
        if (secret) {
            throw new IllegalArgumentException("credential field '" + name + "' is secret: secret fields beyond the key are not"
                    + " supported yet (structured credentials, issue 17)");
        }
    }

    /** Whether {@code value} is allowed. */
    public boolean accepts(String value) {
        return accepts(value, pattern, choices);
    }

    /** What {@code value} (allowed) puts in the URL. */
    String urlText(String value) {
        return choices.isEmpty() ? value : choices.get(value);
    }

    /** Whether the user must give a value (there is no default). */
    public boolean required() {
        return defaultValue == null;
    }

    /** What the user is told when a value is refused. */
    public String rule() {
        return choices.isEmpty() ? "must match " + pattern.pattern() : "must be one of " + String.join(", ", choices.keySet());
    }

    private static boolean accepts(String value, Pattern pattern, Map<String, String> choices) {
        if (value == null) return false;
        return choices.isEmpty() ? pattern.matcher(value).matches() : choices.containsKey(value);
    }
}
