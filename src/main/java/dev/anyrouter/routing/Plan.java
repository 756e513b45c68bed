package dev.anyrouter.routing;

import java.util.List;

/** The ordered attempts for one request; the first that succeeds serves it. */
public record Plan(List<Attempt> attempts) {
    public Plan {
        if (attempts.isEmpty()) throw new IllegalArgumentException("a plan needs at least one attempt");
        attempts = List.copyOf(attempts);
    }

    public Attempt first() {
        return attempts.getFirst();
    }
}
