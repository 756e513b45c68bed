package dev.anyrouter.mock;

import java.util.HashMap;
import java.util.Map;

/**
 * The scripts in force, by key. A key's own script wins over the {@code "*"} script, and only the
 * script that was applied counts a use. Shared by every event loop of the server, hence the lock;
 * the volatile flag keeps the common unscripted case lock-free.
 */
final class ScriptBook {

    /** The key a script uses to apply to every key. */
    static final String ANY_KEY = "*";

    private final Map<String, Script> byKey = new HashMap<>();
    private volatile boolean empty = true;

    synchronized void put(String key, Script script) {
        if (script.isNeutral()) {
            byKey.remove(key);
        } else {
            byKey.put(key, script);
        }
        empty = byKey.isEmpty();
    }

    synchronized void clear() {
        byKey.clear();
        empty = true;
    }

    /** The script for one request made with {@code key}, counting the use. */
    Script take(String key) {
        if (empty) {
            return Script.NONE;
        }
        synchronized (this) {
            Script own = key == null ? null : useOnce(key);
            Script applied = own != null ? own : useOnce(ANY_KEY);
            empty = byKey.isEmpty();
            return applied != null ? applied : Script.NONE;
        }
    }

    private Script useOnce(String key) {
        Script script = byKey.get(key);
        if (script == null) {
            return null;
        }
        Script next = script.afterUse();
        if (next == null) {
            byKey.remove(key);
        } else if (next != script) {
            byKey.put(key, next);
        }
        return script;
    }
}
