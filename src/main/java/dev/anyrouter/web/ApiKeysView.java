package dev.anyrouter.web;

import java.util.List;

/**
 * The /keys page. {@code created} is the key just made, shown this once; null otherwise.
 */
record ApiKeysView(Chrome chrome, List<Row> keys, Created created, String error, String notice) {
    /** A live key: its name, display prefix (never the key) and whether it may manage the account. */
    record Row(String id, String name, String prefix, boolean management, String created, String lastUsed, String lastUsedStamp) {}

    /** A key just created; {@link #toString()} keeps the key out of logs. */
    record Created(String name, String key) {
        @Override
        public String toString() {
            return "Created[name=" + name + ", key=<redacted>]";
        }
    }
}
