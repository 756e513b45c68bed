package dev.anyrouter.protocol;

/** Where an image's bytes are: behind a URL, or inline. */
public sealed interface ImageSource {
    /** An image fetched by the upstream from {@code url} (http(s); never a {@code data:} URL). */
    record Url(String url) implements ImageSource {}

    /** Inline image bytes, base64-encoded, with their media type ({@code image/png}). */
    record Base64(String mediaType, String data) implements ImageSource {}
}
