package dev.anyrouter.providers.cloud;

/**
 * A structured credential that cannot be used as given: {@link #field()} names the part at fault
 * ({@code private_key}, {@code region}, {@code deployments.gpt-4.1}) and the message says what is
 * expected, with an example. Neither ever holds a value the user gave, so a secret pasted into the
 * wrong field is not echoed.
 */
public final class CredentialException extends IllegalArgumentException {
    private final String field;

    public CredentialException(String field, String message) {
        super("'" + field + "' " + message);
        this.field = field;
    }

    /** The field at fault, as the credential's JSON names it. */
    public String field() {
        return field;
    }
}
