package dev.anyrouter.vault;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the associated data that ties a ciphertext to one column of one row, and to where that
 * row's credential may be sent.
 *
 * <p>Each field is written as a 4-byte big-endian length followed by its UTF-8 bytes, so no two
 * different bindings encode to the same bytes (plain concatenation would let {@code ("ab","c")}
 * collide with {@code ("a","bc")}). The column label keeps the credential ciphertext and the wrapped
 * data key from standing in for each other.
 *
 * <p>Version 2 ({@link #credential}, {@link #dataKey}) adds the destination: the base URL (empty for
 * the provider's own), the number of headers, then each header's lower-cased name and value in
 * name order. Version 1 (the row's identity alone) is read only by the one-time upgrade that
 * re-seals rows written before destinations were bound ({@link KeyVault#bindDestination}).
 */
final class AssociatedData {

    private static final String DOMAIN_V1 = "anyrouter.vault.v1";
    private static final String DOMAIN_V2 = "anyrouter.vault.v2";
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
        List<String> fields = new ArrayList<>(List.of(DOMAIN_V2, column, binding.accountId(), binding.rowId(), binding.provider(),
                binding.baseUrl() == null ? "" : binding.baseUrl()));
        Map<String, String> headers = binding.canonicalHeaders();
        fields.add(Integer.toString(headers.size()));
        headers.forEach((name, value) -> {
            fields.add(name);
            fields.add(value);
        });
        return lengthPrefixed(fields);
    }

    /** The associated data of rows sealed before destinations were bound: the row's identity alone. */
    static byte[] legacy(String column, CredentialBinding binding) {
        return lengthPrefixed(List.of(DOMAIN_V1, column, binding.accountId(), binding.rowId(), binding.provider()));
    }

    private static byte[] lengthPrefixed(List<String> fields) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        for (String field : fields) {
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
