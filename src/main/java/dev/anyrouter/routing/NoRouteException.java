package dev.anyrouter.routing;

/** No attempt can be planned for the request; the message tells the user what to do. */
public final class NoRouteException extends RuntimeException {
    /** Why nothing could be planned. */
    public enum Reason { UNKNOWN_MODEL, NO_KEY }

    private final Reason reason;

    public NoRouteException(Reason reason, String message) {
        super(message, null, false, false);
        this.reason = reason;
    }

    public Reason reason() {
        return reason;
    }
}
