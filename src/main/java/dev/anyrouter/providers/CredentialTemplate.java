package dev.anyrouter.providers;

import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A provider's {@code base_url} with the {@code {name}} placeholders its credential fields fill:
 * {@code https://api.cloudflare.com/client/v4/accounts/{account_id}/ai/v1}. A provider without
 * fields has a template with no placeholder, whose one URL is its base URL.
 *
 * @param text the template as the catalog writes it
 * @param fields the fields, in the order the dialog shows them
 */
public record CredentialTemplate(String text, List<CredentialField> fields) {
    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z][a-z0-9_]*)}");

    public CredentialTemplate {
        fields = List.copyOf(fields);
        List<String> declared = fields.stream().map(CredentialField::name).toList();
        if (declared.stream().distinct().count() != declared.size()) {
            throw new IllegalArgumentException("credential fields must have distinct names, got " + declared);
        }
        List<String> used = placeholders(text);
        for (String name : used) {
            if (!declared.contains(name)) {
                throw new IllegalArgumentException("base_url has {" + name + "}, which no credential field declares");
            }
        }
        for (String name : declared) {
            if (!used.contains(name)) {
                throw new IllegalArgumentException("credential field '" + name + "' fills no {" + name + "} in base_url");
            }
        }
    }

    /** A template of a provider with no credential fields. */
    static CredentialTemplate fixed(String url) {
        return new CredentialTemplate(url, List.of());
    }

    /**
     * The provider's default URL: each field at its default, and a required field without one as
     * its name in capitals ({@code ACCOUNT_ID}), which shows where the value goes and names a
     * host the provider owns; no key is ever sent there, since a key of such a provider cannot be
     * saved without the field.
     */
    String defaultText() {
        Map<String, String> values = new LinkedHashMap<>();
        for (CredentialField field : fields) {
            values.put(field.name(), field.required() ? field.name().toUpperCase(Locale.ROOT) : field.urlText(field.defaultValue()));
        }
        return fill(values);
    }

    /**
     * The URL for the values a user gave (a missing optional field takes its default).
     *
     * @throws IllegalArgumentException naming the field that is missing, refused, or unknown
     */
    public URI resolve(Map<String, String> given) {
        requireKnown(given);
        Map<String, String> values = new LinkedHashMap<>();
        for (CredentialField field : fields) {
            String value = given.get(field.name());
            if (value == null || value.isBlank()) {
                if (field.required()) throw new IllegalArgumentException("'" + field.name() + "' (" + field.label() + ") is required");
                value = field.defaultValue();
            }
            values.put(field.name(), field.urlText(checked(field, value)));
        }
        return URI.create(fill(values));
    }

    /**
     * Checks the values a user gave, each against its field's rule, without requiring any: for a key
     * whose own base URL (a proxy) stands in for the template, a value given must still be a right one.
     *
     * @throws IllegalArgumentException naming the field that is refused or unknown
     */
    public void check(Map<String, String> given) {
        requireKnown(given);
        for (CredentialField field : fields) {
            String value = given.get(field.name());
            if (value != null && !value.isBlank()) checked(field, value);
        }
    }

    private void requireKnown(Map<String, String> given) {
        for (String name : given.keySet()) {
            if (fields.stream().noneMatch(f -> f.name().equals(name))) {
                throw new IllegalArgumentException("'" + name + "' is not a field of this provider's credential");
            }
        }
    }

    /** The value, stripped, once it passed the field's rule. */
    private static String checked(CredentialField field, String raw) {
        String value = raw.strip();
        // A typed value lands in the URL as it is: whatever the field's own rule, it may never
        // carry a character that would move the URL to another path, query or host.
        if (!field.accepts(value) || (field.choices().isEmpty() && !value.matches("[A-Za-z0-9._-]+"))) {
            throw new IllegalArgumentException("'" + field.name() + "' (" + field.label() + ") " + field.rule());
        }
        return value;
    }

    /** Every URL the fields' choices can produce (typed fields at their default text), for the hosts check. */
    List<String> choiceTexts() {
        List<Map<String, String>> combos = new ArrayList<>();
        combos.add(new LinkedHashMap<>());
        for (CredentialField field : fields) {
            List<Map<String, String>> next = new ArrayList<>();
            for (Map<String, String> combo : combos) {
                List<String> texts = field.choices().isEmpty()
                        ? List.of(field.required() ? field.name().toUpperCase(Locale.ROOT) : field.defaultValue())
                        : List.copyOf(field.choices().values());
                for (String text : texts) {
                    Map<String, String> extended = new LinkedHashMap<>(combo);
                    extended.put(field.name(), text);
                    next.add(extended);
                }
            }
            combos = next;
        }
        return combos.stream().map(this::fill).toList();
    }

    private String fill(Map<String, String> values) {
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        m.appendTail(out);
        return out.toString();
    }

    private static List<String> placeholders(String text) {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) names.add(m.group(1));
        return names;
    }
}
