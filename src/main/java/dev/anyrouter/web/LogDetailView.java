package dev.anyrouter.web;

import java.util.List;

/** One request's detail: its fields, and the attempt trace (each key tried, what it answered, how long it took). */
record LogDetailView(String title, List<Field> fields, List<Attempt> attempts) {
    /** A labelled value. */
    record Field(String label, String value) {}

    /** One upstream attempt, in order; {@code model} is empty when the trace did not keep it. */
    record Attempt(int number, String key, String provider, String model, String outcome, String time, boolean ok) {}
}
