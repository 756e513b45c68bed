package dev.anyrouter.protocol;

/**
 * A request field that cannot be carried to the upstream's wire and would change the answer, so
 * the request is refused rather than silently altered. The message names the field and is safe
 * to show the client.
 */
public final class UnsupportedFieldException extends RuntimeException {
    private final String field;

    public UnsupportedFieldException(String field, String why) {
        super("'" + field + "' " + why, null, false, false);
        this.field = field;
    }

    /** The field as the client named it ({@code top_k}, {@code messages[2].content[0].document}). */
    public String field() {
        return field;
    }
}
