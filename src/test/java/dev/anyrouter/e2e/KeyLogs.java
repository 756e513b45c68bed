package dev.anyrouter.e2e;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;

/** What a failover test reads back through the gateway's own API: a request's log entry and a key's health. */
final class KeyLogs {
    private KeyLogs() {}

    /** The request's log entry, once the batched writer has stored it. */
    static JsonNode log(Stack stack, String apiKey, String requestId) throws Exception {
        for (int i = 0; i < 100; i++) {
            Stack.Reply r = stack.call("GET", "/api/v1/logs/" + requestId, apiKey, null);
            if (r.status() == 200) return r.json();
            Thread.sleep(50);
        }
        throw new AssertionError("no log for request " + requestId);
    }

    /** Each attempt of a logged request as {@code "alias: outcome"}. */
    static List<String> outcomes(JsonNode log) {
        List<String> out = new ArrayList<>();
        log.get("attempts").forEach(a -> out.add(a.get("key").asText() + ": " + a.get("outcome").asText()));
        return out;
    }

    /** The caller's key with this alias, as {@code GET /api/v1/byok} lists it. */
    static JsonNode key(Stack stack, String apiKey, String alias) throws Exception {
        for (JsonNode k : stack.call("GET", "/api/v1/byok", apiKey, null).json().get("data")) {
            if (k.get("alias").asText().equals(alias)) return k;
        }
        throw new AssertionError("no key " + alias);
    }
}
