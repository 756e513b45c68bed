package dev.anyrouter.accounts;

import java.util.Objects;

/** A new account and its first API key (whose plaintext is shown to the user once). */
public record SignupResult(Account account, NewApiKey apiKey) {
    public SignupResult {
        Objects.requireNonNull(account, "account");
        Objects.requireNonNull(apiKey, "apiKey");
    }
}
