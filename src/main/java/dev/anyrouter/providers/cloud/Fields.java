package dev.anyrouter.providers.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Reads the fields of a structured credential, each mistake a {@link CredentialException} naming the
 * field and what it should look like, never what was given.
 */
final class Fields {
    /** Any credential text: printable ASCII without spaces, as every cloud's keys and ids are. */
    private static final Pattern TOKEN = Pattern.compile("[\\x21-\\x7e]+");
    private static final int MAX = 4096;

    private final ObjectNode object;
    private final String prefix;

    private Fields(ObjectNode object, String prefix) {
        this.object = object;
        this.prefix = prefix;
    }

    /** The fields of {@code node}, which must be a JSON object; {@code where} names it in messages ("key", "key[1]"). */
    static Fields of(JsonNode node, String where) {
        if (node == null || !node.isObject()) throw new CredentialException(where, "must be a JSON object");
        return new Fields((ObjectNode) node, where.equals("key") ? "" : where + ".");
    }

    boolean has(String field) {
        JsonNode v = object.get(field);
        return v != null && !v.isNull();
    }

    /** A required secret: printable, no spaces; its value never appears in a message. */
    String secret(String field, String example) {
        String value = optional(field, example);
        if (value == null) throw missing(field, example);
        return value;
    }

    /** A required non-secret field that must match {@code rule} whole. */
    String required(String field, Pattern rule, String example) {
        String value = optional(field, rule, example);
        if (value == null) throw missing(field, example);
        return value;
    }

    /** An optional field that must match {@code rule} whole; null when absent. */
    String optional(String field, Pattern rule, String example) {
        String value = optional(field, example);
        if (value != null && !rule.matcher(value).matches()) {
            throw new CredentialException(name(field), "must look like " + example);
        }
        return value;
    }

    /** An optional string field; null when absent. */
    String optional(String field, String example) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isTextual()) throw new CredentialException(name(field), "must be a string, such as " + example);
        String value = v.asText().strip();
        if (value.isEmpty()) throw missing(field, example);
        if (value.length() > MAX) throw new CredentialException(name(field), "is longer than " + MAX + " characters");
        if (!TOKEN.matcher(value).matches()) {
            throw new CredentialException(name(field), "contains spaces or characters it cannot hold; paste the value alone");
        }
        return value;
    }

    /** An optional choice among {@code allowed} (compared in lower case); null when absent. */
    String choice(String field, List<String> allowed) {
        String value = optional(field, allowed.getFirst());
        if (value == null) return null;
        String lower = value.toLowerCase(Locale.ROOT);
        if (!allowed.contains(lower)) throw new CredentialException(name(field), "must be one of " + String.join(", ", allowed));
        return lower;
    }

    /** An optional https URL without credentials, query or fragment. */
    URI url(String field, String example) {
        String value = optional(field, example);
        if (value == null) return null;
        URI uri;
        try {
            uri = new URI(value);
        } catch (URISyntaxException e) {
            throw new CredentialException(name(field), "must be a URL such as " + example);
        }
        if (!"https".equalsIgnoreCase(uri.getScheme()) && !"http".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null
                || uri.getRawUserInfo() != null || uri.getRawFragment() != null) {
            throw new CredentialException(name(field), "must be an https URL such as " + example);
        }
        return uri;
    }

    /** An optional object of string to string (deployments); null when absent. */
    ObjectNode object(String field, String example) {
        JsonNode v = object.get(field);
        if (v == null || v.isNull()) return null;
        if (!v.isObject()) throw new CredentialException(name(field), "must be an object such as " + example);
        return (ObjectNode) v;
    }

    /** Refuses any field not in {@code known}, so a misspelt field is not silently ignored. */
    void only(List<String> known) {
        object.fieldNames().forEachRemaining(f -> {
            if (!known.contains(f)) {
                // A name is echoed only when it reads as a field name: a secret pasted as one is not.
                String where = prefix.isEmpty() ? "key" : prefix.substring(0, prefix.length() - 1);
                throw f.matches("[a-z][a-z0-9_]{0,31}")
                        ? new CredentialException(name(f), "is not a field of this credential; its fields are " + String.join(", ", known))
                        : new CredentialException(where, "has a field that is not one of this credential's: " + String.join(", ", known));
            }
        });
    }

    JsonNode raw(String field) {
        return object.get(field);
    }

    String name(String field) {
        return prefix + field;
    }

    private CredentialException missing(String field, String example) {
        return new CredentialException(name(field), "is required, such as " + example);
    }
}
