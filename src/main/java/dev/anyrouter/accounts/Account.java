package dev.anyrouter.accounts;

import java.time.Instant;
import java.util.Objects;

/** A user of AnyRouter. The e-mail is stored normalised (trimmed, lower-case). */
public record Account(String id, String email, Instant createdAt) {
    public Account {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(email, "email");
        Objects.requireNonNull(createdAt, "createdAt");
    }
}
