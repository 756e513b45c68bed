package dev.anyrouter.vault;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Decodes the {@code ANYROUTER_MASTER_KEY} value: a Tink JSON keyset, either as is or base64-encoded. */
final class EnvKeyset {

    private EnvKeyset() {
    }

    /** The keyset JSON; the JSON itself is checked by the caller. */
    static String decode(String value) {
        String trimmed = value.strip();
        if (trimmed.startsWith("{")) {
            return trimmed;
        }
        byte[] bytes = decodeBase64(trimmed);
        return new String(bytes, StandardCharsets.UTF_8);
    }

    private static byte[] decodeBase64(String value) {
        try {
            return Base64.getDecoder().decode(value);
        } catch (IllegalArgumentException notStandard) {
            try {
                return Base64.getUrlDecoder().decode(value);
            } catch (IllegalArgumentException notUrlSafe) {
                // Neither message nor cause: both would describe the secret input.
                throw new VaultException(MasterKey.ENV_VAR
                        + " is neither a Tink JSON keyset nor the base64 of one");
            }
        }
    }
}
