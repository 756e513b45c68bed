package dev.anyrouter.mock;

/**
 * Why a request is not answered normally. Each {@link Wire} renders these in its provider's error
 * shape. The key travels along only because the mock's 401 message deliberately echoes it (a
 * gateway must never pass that body on); {@code toString()} never shows it.
 */
sealed interface Refusal {

    /** No key was sent. */
    record MissingKey() implements Refusal {}

    /** The key is one the provider would not accept (it contains {@code invalid}). */
    record InvalidKey(String key) implements Refusal {
        @Override
        public String toString() {
            return "InvalidKey[key=<redacted>]";
        }
    }

    /** A script told the mock to fail this request with {@code status}. */
    record Scripted(int status, int retryAfterSeconds, String key, String model) implements Refusal {
        @Override
        public String toString() {
            return "Scripted[status=" + status + ", retryAfterSeconds=" + retryAfterSeconds + ", model=" + model + "]";
        }
    }

    /** The request itself is wrong (bad JSON, missing field, unknown path); the wire wrote the words. */
    record Invalid(int status, String message, String param, String code) implements Refusal {}
}
