package dev.anyrouter.http;

/**
 * Who may call an {@code /api/v1} route. Every route declares one where it is mounted ({@link Guard}),
 * the guard enforces it before the route's own handler runs, and the README's API table states it
 * for each route in the words of {@link #who()} (a test holds the two together).
 */
public enum Access {
    /** No credential: sign-up, log-in, log-out. */
    ANYONE("anyone"),
    /** Any AnyRouter API key: the inference surface, and a key's own info. */
    ANY_KEY("inference key, management key"),
    /** Any API key or a dashboard session: reading presets, which apps may choose among. */
    ANY_KEY_OR_SESSION("inference key, management key, session"),
    /** A management key or a dashboard session: everything that reads or changes the account. */
    MANAGEMENT("management key, session"),
    /** The operator's admin token. */
    ADMIN("admin");

    private final String who;

    Access(String who) {
        this.who = who;
    }

    /** The callers, as the README's API table names them. */
    public String who() {
        return who;
    }
}
