package dev.anyrouter.providers;

import java.util.List;

/** What a live check of a provider key found. Messages never contain key material. */
public sealed interface Validation {
    /** The provider accepted the key; {@code models} is what its model list named, when it gave one. */
    record Valid(List<String> models) implements Validation {}

    /** The provider refused the key (401/403 or its own invalid-key answer). */
    record Rejected(String reason) implements Validation {}

    /** The provider could not be asked (network error, timeout, 5xx, refused address). */
    record Unreachable(String reason) implements Validation {}
}
