package dev.anyrouter.web;

import java.util.List;

/**
 * One request's detail. The attempt trace (which keys were tried, what each answered, timings)
 * slots in as {@code attempts} once usage records carry it (issue "key pools"); until then it is empty.
 */
record LogDetailView(String title, List<Field> fields, List<Field> attempts) {
    /** A labelled value. */
    record Field(String label, String value) {}
}
