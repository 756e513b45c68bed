package dev.anyrouter.mock;

import java.util.Map;

/**
 * One request as the mock upstream saw it, for tests that check what a gateway sent.
 *
 * <p>Never holds a credential: {@code keyLast4} is the last four characters of the caller's key
 * (empty when the key is too short to show any of it safely, {@code null} when no key was sent),
 * and {@code headers} leaves out every header that carries one ({@code authorization},
 * {@code x-api-key}, {@code x-goog-api-key}, {@code api-key}, {@code proxy-authorization}).
 *
 * @param method  the HTTP method, e.g. {@code POST}
 * @param path    the request path without its query string (a query may carry a key)
 * @param model   the model the request named, or {@code null}
 * @param keyLast4 the last four characters of the key, or {@code null} when none was sent
 * @param stream  whether the request asked for a streamed answer
 * @param headers request headers, lower-case names, repeated values joined by {@code ", "}
 */
public record ReceivedRequest(
        String method, String path, String model, String keyLast4, boolean stream, Map<String, String> headers) {

    /** Copies the header map so the record stays immutable. */
    public ReceivedRequest {
        headers = Map.copyOf(headers);
    }
}
