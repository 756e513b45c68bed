package dev.anyrouter.routing;

import dev.anyrouter.cluster.Change;
import dev.anyrouter.keys.KeyStatus;
import dev.anyrouter.keys.ProviderKeyRecord;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What each provider key's recent answers say about it, kept in memory and judged against an
 * injected clock. Only quarantines outlive the process: they are handed to a
 * {@link QuarantineSink}, which writes them to the key's row; cool-downs and ejections are
 * short-lived.
 *
 * <p>In a cluster every node knows what any node learned: each change this node learns from an
 * answer (a quarantine, a cool-down, an ejection, a probe that succeeded) is handed to the
 * {@link Hook}, which publishes it, and another node's is {@linkplain #apply applied} here without
 * being handed on again. A cool-down or an ejection applied never shortens one already running.
 * Counting transient failures towards an ejection stays per node.
 */
public final class KeyHealth {
    /**
     * The health of one key, for one model.
     *
     * <ul>
     *   <li>{@link #HEALTHY}: serves.
     *   <li>{@link #COOLING_DOWN}: answered 429; skipped until the time the upstream asked for (or
     *       an exponential back-off) has passed. Scoped to the model, since providers limit per model.
     *   <li>{@link #EJECTED}: failed transiently (5xx, connect error, timeout) several times in a
     *       row; skipped for a time that grows with each ejection.
     *   <li>{@link #PROBING}: the ejection has run out; the key serves again, and its next answer
     *       decides: success makes it healthy, one more failure ejects it for longer.
     *   <li>{@link #QUARANTINED}: the provider refused the key (401/403/invalid key) or its quota is
     *       spent (402); out of the pool until it is re-validated. Persisted in the key's row.
     * </ul>
     */
    public enum State {
        HEALTHY,
        COOLING_DOWN,
        EJECTED,
        PROBING,
        QUARANTINED;

        /** Whether a key in this state may be tried. */
        public boolean serves() {
            return this == HEALTHY || this == PROBING;
        }
    }

    /** A key's state with why and until when (both null when healthy; until null for a quarantine). */
    public record Status(State state, String reason, Instant until) {
        static final Status HEALTHY = new Status(State.HEALTHY, null, null);
    }

    /** Persists a quarantine; called on the request path, so it must hand the work off, not block. */
    @FunctionalInterface
    public interface QuarantineSink {
        void quarantined(ProviderKeyRecord key, String reason);
    }

    /** Told of each change of health this node learned itself; called on the request path, so it must not block. */
    @FunctionalInterface
    public interface Hook {
        Hook NONE = change -> { };

        void learned(Change.HealthChange change);
    }

    /** Reason prefixes, also stored in the key row, by which a quarantine's kind is told after a restart. */
    public static final String INVALID_KEY = "invalid key";
    public static final String OUT_OF_CREDIT = "out of credit";

    /** Models one key may be cooling down for at once (a 429 is per model on some providers). */
    static final int MAX_COOLING_MODELS = 256;

    /** A cool-down of one key for one model. */
    private record Cooling(Instant until, int streak, String reason) {}

    /** Mutable per-key state; every access holds the entry's lock. */
    private static final class Entry {
        String quarantine;
        int consecutiveFailures;
        int ejections;
        Instant ejectedUntil;
        String ejectReason;
        final Map<String, Cooling> cooling = new HashMap<>();
    }

    private final Clock clock;
    private final QuarantineSink sink;
    private final Hook hook;
    private final Duration firstBackOff;
    private final Duration maxBackOff;
    private final int failuresBeforeEjection;
    private final Duration firstEjection;
    private final Duration maxEjection;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    /**
     * @param firstBackOff the cool-down after a 429 that named no wait; doubles with each further one
     * @param failuresBeforeEjection transient failures in a row that eject a key
     * @param firstEjection the first ejection; doubles with each ejection that follows a failed probe
     */
    public KeyHealth(Clock clock, QuarantineSink sink, Hook hook, Duration firstBackOff, Duration maxBackOff,
                     int failuresBeforeEjection, Duration firstEjection, Duration maxEjection) {
        this.clock = clock;
        this.sink = sink;
        this.hook = hook;
        this.firstBackOff = firstBackOff;
        this.maxBackOff = maxBackOff;
        this.failuresBeforeEjection = failuresBeforeEjection;
        this.firstEjection = firstEjection;
        this.maxEjection = maxEjection;
    }

    /** Back-off from 2 s up to 5 min, ejection after 3 failures in a row for 5 s up to 5 min. */
    public static KeyHealth standard(Clock clock, QuarantineSink sink) {
        return standard(clock, sink, Hook.NONE);
    }

    /** As {@link #standard(Clock, QuarantineSink)}, handing what it learns to {@code hook}. */
    public static KeyHealth standard(Clock clock, QuarantineSink sink, Hook hook) {
        return new KeyHealth(clock, sink, hook, Duration.ofSeconds(2), Duration.ofMinutes(5), 3, Duration.ofSeconds(5),
                Duration.ofMinutes(5));
    }

    /** The key's state for serving {@code model} now. */
    public Status check(ProviderKeyRecord key, String model) {
        return status(key, e -> e.cooling.get(model));
    }

    /** The key's state across all models, for display: the latest-ending cool-down stands for them. */
    public Status overall(ProviderKeyRecord key) {
        return status(key, e -> e.cooling.values().stream().max(Comparator.comparing(Cooling::until)).orElse(null));
    }

    private Status status(ProviderKeyRecord key, Function<Entry, Cooling> cooling) {
        Entry e = entries.get(key.id());
        if (key.status() == KeyStatus.QUARANTINED) {
            if (e != null) {
                synchronized (e) {
                    e.quarantine = null; // the row carries it now
                }
            }
            return new Status(State.QUARANTINED, key.statusReason(), null);
        }
        if (e == null) return Status.HEALTHY;
        Instant now = clock.instant();
        synchronized (e) {
            if (e.quarantine != null) return new Status(State.QUARANTINED, e.quarantine, null);
            if (e.ejectedUntil != null && e.ejectedUntil.isAfter(now)) return new Status(State.EJECTED, e.ejectReason, e.ejectedUntil);
            Cooling c = cooling.apply(e);
            if (c != null && c.until().isAfter(now)) return new Status(State.COOLING_DOWN, c.reason(), c.until());
            if (e.ejections > 0) return new Status(State.PROBING, e.ejectReason, null);
            return Status.HEALTHY;
        }
    }

    /** The key served {@code model}: transient failures are forgotten and a probe succeeded. */
    public void onSuccess(ProviderKeyRecord key, String model) {
        Entry e = entries.get(key.id());
        if (e == null) return;
        boolean recovered;
        synchronized (e) {
            recovered = e.ejections > 0;
            e.consecutiveFailures = 0;
            e.ejections = 0;
            e.ejectedUntil = null;
            e.ejectReason = null;
            Cooling c = e.cooling.get(model);
            if (c != null && !c.until().isAfter(clock.instant())) e.cooling.remove(model);
        }
        if (recovered) hook.learned(new Change.KeyRecovered(key.id()));
    }

    /**
     * Records a failure of the key on {@code model} and says what follows, for the attempt trace:
     * {@code quarantined}, {@code cool-down 20 s}, {@code ejected 5 s} or {@code next key}.
     */
    public String onFailure(ProviderKeyRecord key, String model, KeyFailure failure) {
        Entry e = entries.computeIfAbsent(key.id(), id -> new Entry());
        Instant now = clock.instant();
        return switch (failure) {
            case KeyFailure.InvalidKey f -> quarantine(key, e, INVALID_KEY + " (HTTP " + f.status() + codeSuffix(f.code()) + ")");
            case KeyFailure.OutOfCredit f -> quarantine(key, e, OUT_OF_CREDIT + " (HTTP " + f.status() + codeSuffix(f.code()) + ")");
            case KeyFailure.RateLimited f -> coolDown(key, e, model, f.retryAfter(), now);
            case KeyFailure.Transient f -> transientFailure(key, e, f, now);
        };
    }

    /** How many models the key is remembered cooling down for (ended cool-downs included until pruned). */
    int modelsCooling(ProviderKeyRecord key) {
        Entry e = entries.get(key.id());
        if (e == null) return 0;
        synchronized (e) {
            return e.cooling.size();
        }
    }

    /** Forgets everything about the key: it was re-validated (or removed). */
    public void restore(String keyId) {
        entries.remove(keyId);
    }

    private String quarantine(ProviderKeyRecord key, Entry e, String reason) {
        boolean fresh;
        synchronized (e) {
            fresh = e.quarantine == null;
            e.quarantine = reason;
        }
        if (fresh) {
            sink.quarantined(key, reason);
            hook.learned(new Change.KeyQuarantined(key.accountId(), key.id(), reason));
        }
        return "quarantined";
    }

    private String coolDown(ProviderKeyRecord key, Entry e, String model, Duration asked, Instant now) {
        Cooling cooling;
        String consequence;
        synchronized (e) {
            Cooling previous = e.cooling.get(model);
            int streak = previous == null ? 1 : previous.streak() + 1;
            Duration wait = asked != null ? asked : backOff(firstBackOff, maxBackOff, streak);
            Instant until = now.plus(wait);
            // A later 429 that asks for less never shortens a cool-down already running.
            if (previous != null && previous.until().isAfter(until)) until = previous.until();
            String reason = "429 on " + model + (asked != null ? " (retry-after " + seconds(asked) + ")" : " (back-off)");
            if (previous == null && e.cooling.size() >= MAX_COOLING_MODELS) makeRoom(e.cooling, now);
            cooling = new Cooling(until, streak, reason);
            e.cooling.put(model, cooling);
            consequence = "cool-down " + seconds(Duration.between(now, until));
        }
        hook.learned(new Change.KeyCooledDown(key.id(), model, cooling.until().toEpochMilli(), cooling.streak(), cooling.reason()));
        return consequence;
    }

    private String transientFailure(ProviderKeyRecord key, Entry e, KeyFailure.Transient f, Instant now) {
        Change.KeyEjected ejected;
        Duration ejection;
        synchronized (e) {
            boolean probing = e.ejections > 0 && (e.ejectedUntil == null || !e.ejectedUntil.isAfter(now));
            e.consecutiveFailures++;
            if (!probing && e.consecutiveFailures < failuresBeforeEjection) return "next key";
            e.ejections++;
            ejection = backOff(firstEjection, maxEjection, e.ejections);
            e.ejectedUntil = now.plus(ejection);
            e.ejectReason = f.what() + (probing ? " on probe" : ", " + e.consecutiveFailures + " failures in a row");
            e.consecutiveFailures = 0;
            ejected = new Change.KeyEjected(key.id(), e.ejectedUntil.toEpochMilli(), e.ejections, e.ejectReason);
        }
        hook.learned(ejected);
        return "ejected " + seconds(ejection);
    }

    /**
     * Applies what another node learned, without handing it on: a quarantine until the key's row
     * says so, a cool-down or an ejection (kept when one already running here ends later), or the
     * end of an ejection after that node's probe succeeded.
     */
    public void apply(Change.HealthChange change) {
        switch (change) {
            case Change.KeyQuarantined q -> {
                Entry e = entries.computeIfAbsent(q.keyId(), id -> new Entry());
                synchronized (e) {
                    if (e.quarantine == null) e.quarantine = q.reason();
                }
            }
            case Change.KeyCooledDown c -> {
                Entry e = entries.computeIfAbsent(c.keyId(), id -> new Entry());
                Instant until = Instant.ofEpochMilli(c.untilEpochMilli());
                synchronized (e) {
                    Cooling previous = e.cooling.get(c.model());
                    if (previous != null && !previous.until().isBefore(until)) return;
                    if (previous == null && e.cooling.size() >= MAX_COOLING_MODELS) makeRoom(e.cooling, clock.instant());
                    e.cooling.put(c.model(), new Cooling(until, Math.max(c.streak(), previous == null ? 0 : previous.streak()),
                            c.reason()));
                }
            }
            case Change.KeyEjected j -> {
                Entry e = entries.computeIfAbsent(j.keyId(), id -> new Entry());
                Instant until = Instant.ofEpochMilli(j.untilEpochMilli());
                synchronized (e) {
                    if (e.ejectedUntil != null && !e.ejectedUntil.isBefore(until)) return;
                    e.ejectedUntil = until;
                    e.ejections = Math.max(e.ejections, j.ejections());
                    e.ejectReason = j.reason();
                    e.consecutiveFailures = 0;
                }
            }
            case Change.KeyRecovered r -> {
                Entry e = entries.get(r.keyId());
                if (e == null) return;
                synchronized (e) {
                    e.consecutiveFailures = 0;
                    e.ejections = 0;
                    e.ejectedUntil = null;
                    e.ejectReason = null;
                }
            }
        }
    }

    /**
     * Keeps one key's cool-downs to {@link #MAX_COOLING_MODELS} models, whatever ids clients send:
     * the ended ones go first (forgetting their streak), else the one that ends soonest.
     */
    private static void makeRoom(Map<String, Cooling> cooling, Instant now) {
        cooling.values().removeIf(c -> !c.until().isAfter(now));
        if (cooling.size() < MAX_COOLING_MODELS) return;
        cooling.entrySet().stream().min(Map.Entry.comparingByValue(Comparator.comparing(Cooling::until)))
                .map(Map.Entry::getKey).ifPresent(cooling::remove);
    }

    private static Duration backOff(Duration first, Duration max, int nth) {
        int doublings = Math.min(nth - 1, 30);
        Duration d = first.multipliedBy(1L << doublings);
        return d.compareTo(max) > 0 ? max : d;
    }

    /** Whole seconds, rounded up: "20 s". */
    static String seconds(Duration d) {
        long s = (d.toMillis() + 999) / 1000;
        return s + " s";
    }

    private static String codeSuffix(String code) {
        return code == null ? "" : " " + code;
    }
}
