package dev.anyrouter.accounts;

import java.util.Objects;

/**
 * A just-created API key: the one moment its plaintext exists outside the caller's client. Show
 * it once and drop it; {@link #toString()} leaves it out.
 */
public record NewApiKey(ApiKeyInfo info, String plaintext) {
    public NewApiKey {
        Objects.requireNonNull(info, "info");
        Objects.requireNonNull(plaintext, "plaintext");
    }

    @Override
    public String toString() {
        return "NewApiKey[info=" + info + ", plaintext=<redacted>]";
    }
}
