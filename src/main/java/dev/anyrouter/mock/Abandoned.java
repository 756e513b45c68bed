package dev.anyrouter.mock;

/**
 * An answer whose connection the client closed before the mock had finished it: what a gateway's
 * test reads to check that an upstream stream nobody reads any more is cancelled, and how soon.
 *
 * @param keyLast4 the last four characters of the key the request was made with (as in {@link ReceivedRequest})
 * @param path the request path
 * @param closedAtNanos when the mock saw the connection close, in {@link System#nanoTime()} of the mock's JVM
 */
public record Abandoned(String keyLast4, String path, long closedAtNanos) {}
