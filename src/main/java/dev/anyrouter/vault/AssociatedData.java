package dev.anyrouter.vault;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Builds the associated data that ties a ciphertext to one column of one row.
 *
 * <p>Each field is written as a 4-byte big-endian length followed by its UTF-8 bytes, so no two
 * different bindings encode to the same bytes (plain concatenation would let {@code ("ab","c")}
 * collide with {@code ("a","bc")}). The column label keeps the credential ciphertext and the wrapped
 * data key from standing in for each other.
 */
final class AssociatedData {

    private static final String DOMAIN = "anyrouter.vault.v1";
    static final String CREDENTIAL_COLUMN = "credential";
    static final String DATA_KEY_COLUMN = "data_key";

    private AssociatedData() {
    }

    static byte[] credential(CredentialBinding binding) {
        return encode(CREDENTIAL_COLUMN, binding);
    }

    static byte[] dataKey(CredentialBinding binding) {
        return encode(DATA_KEY_COLUMN, binding);
    }

    static byte[] encode(String column, CredentialBinding binding) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        for (String field : new String[] {DOMAIN, column, binding.accountId(), binding.rowId(), binding.provider()}) {
            byte[] bytes = field.getBytes(StandardCharsets.UTF_8);
            int length = bytes.length;
            out.write(length >>> 24);
            out.write(length >>> 16);
            out.write(length >>> 8);
            out.write(length);
            out.writeBytes(bytes);
        }
        return out.toByteArray();
    }
}
