package dev.anyrouter.web;

import com.github.benmanes.caffeine.cache.Cache;
import dev.anyrouter.store.Caches;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;

/**
 * What a form's answer carries to the page its redirect shows (post/redirect/get: a reload repeats
 * nothing), held for one session and taken once: a confirmation, or a secret shown once (a new API
 * key) that must never be in a URL. It lives in this node's memory, bounded and for a minute: the
 * redirect's GET follows at once from the same browser; behind a load balancer without sticky
 * sessions a message may be lost (the change it confirms is not).
 */
final class Flash {
    private static final Duration TTL = Duration.ofMinutes(1);
    private static final long MAX_SESSIONS = 10_000;

    /** Keyed by the session's CSRF token: secret, one per session, and rotated with the session. */
    private final Cache<String, Object> messages;

    Flash(Clock clock) {
        this.messages = Caches.expiring(TTL, MAX_SESSIONS, clock);
    }

    /** Keeps {@code message} for the session's next page (replacing one not yet shown). */
    void put(WebSession session, Object message) {
        messages.put(session.csrfToken(), message);
    }

    /** The session's message if it is a {@code type}, removed so that a reload shows it no more. */
    <T> Optional<T> take(WebSession session, Class<T> type) {
        Object message = messages.asMap().get(session.csrfToken());
        if (!type.isInstance(message)) return Optional.empty();
        messages.asMap().remove(session.csrfToken(), message);
        return Optional.of(type.cast(message));
    }
}
