package dev.anyrouter.keys;

import java.util.List;
import java.util.Map;

/**
 * A change to a provider key's settings; each null field is left unchanged. A blank
 * {@code baseUrl} clears it (back to the provider's default). Setting {@code status} clears the
 * stored status reason. The credential itself is never patched: replace the key instead.
 */
public record KeyPatch(String alias, Integer priority, Integer weight, String baseUrl, Map<String, String> headers,
        List<String> scope, KeyStatus status) {}
