package dev.anyrouter.vault;

/**
 * A vault operation failed: a credential does not open (wrong row, wrong master key, tampered bytes),
 * or the master key cannot be loaded.
 *
 * <p>Messages name what went wrong and what to do; they never carry key material, plaintext or
 * ciphertext. Causes are attached only where the cause's own message is known to be free of both.
 */
public final class VaultException extends RuntimeException {

    VaultException(String message) {
        super(message);
    }

    VaultException(String message, Throwable cause) {
        super(message, cause);
    }
}
