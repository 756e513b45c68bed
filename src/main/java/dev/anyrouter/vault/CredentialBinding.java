package dev.anyrouter.vault;

import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The identity of the row a credential is stored in, and where the credential may be sent. Both are
 * bound into the ciphertext as associated data, so a sealed credential copied to another row
 * (another account, row id or provider) does not open there, and neither does a row whose
 * destination, {@code baseUrl} or {@code headers}, was changed in the database instead of through
 * AnyRouter (which re-seals the credential when the owner changes them).
 *
 * @param accountId the owning account
 * @param rowId the database row holding the sealed credential
 * @param provider the provider id the credential is for (e.g. {@code openai})
 * @param baseUrl the row's endpoint override, or null for the provider's own
 * @param headers the row's extra headers (names compared case-insensitively), empty for none
 */
public record CredentialBinding(String accountId, String rowId, String provider, String baseUrl, Map<String, String> headers) {

    public CredentialBinding {
        requireText(accountId, "accountId");
        requireText(rowId, "rowId");
        requireText(provider, "provider");
        baseUrl = baseUrl == null || baseUrl.isBlank() ? null : baseUrl;
        headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    /** A binding with no destination of its own (the provider's default endpoint, no extra headers). */
    public CredentialBinding(String accountId, String rowId, String provider) {
        this(accountId, rowId, provider, null, Map.of());
    }

    /** The headers in one canonical order: names lower-cased and sorted. */
    TreeMap<String, String> canonicalHeaders() {
        TreeMap<String, String> sorted = new TreeMap<>();
        headers.forEach((name, value) -> sorted.put(name.toLowerCase(Locale.ROOT), value));
        return sorted;
    }

    /** Names only: header values may carry credentials of their own. */
    @Override
    public String toString() {
        return "CredentialBinding[accountId=" + accountId + ", rowId=" + rowId + ", provider=" + provider + ", baseUrl=" + baseUrl
                + ", headers=" + canonicalHeaders().keySet() + "]";
    }

    private static void requireText(String value, String name) {
        Objects.requireNonNull(value, name);
        if (value.isBlank()) {
            throw new IllegalArgumentException(name + " is blank");
        }
    }
}
