package dev.anyrouter.usage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.store.MutableClock;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

class RequestIdsTest {
    private static final Instant START = Instant.parse("2026-03-01T12:00:00.123Z");

    @Test
    void idsMadeInOneMillisecondAreDistinctVersion7Uuids() {
        RequestIds ids = new RequestIds(Clock.fixed(START, ZoneOffset.UTC), ThreadLocalRandom::current);
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < 100_000; i++) {
            String id = ids.next();
            UUID parsed = UUID.fromString(id);
            assertThat(parsed.version()).isEqualTo(7);
            assertThat(parsed.variant()).isEqualTo(2);
            assertThat(parsed.toString()).isEqualTo(id);
            assertThat(parsed.getMostSignificantBits() >>> 16).isEqualTo(START.toEpochMilli());
            seen.add(id);
        }
        assertThat(seen).hasSize(100_000);
    }

    @Test
    void idsSortByTheMillisecondTheyWereMadeIn() {
        MutableClock clock = new MutableClock(START);
        RequestIds ids = new RequestIds(clock, () -> new Random(7));
        List<String> made = new ArrayList<>();
        for (int ms = 0; ms < 1_000; ms++) {
            made.add(ids.next());
            clock.advance(Duration.ofMillis(1));
        }
        // Same seed every call: only the time prefix can order them.
        assertThat(made).isSorted().doesNotHaveDuplicates();
        assertThat(made.getFirst()).startsWith(String.format("%08x-%04x", START.toEpochMilli() >>> 16, START.toEpochMilli() & 0xFFFF));
    }

    @Test
    void idsMadeOnManyThreadsAtOnceAreDistinct() throws Exception {
        RequestIds ids = RequestIds.on(Clock.fixed(START, ZoneOffset.UTC));
        Set<String> seen = ConcurrentHashMap.newKeySet();
        List<Thread> loops = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            loops.add(Thread.ofPlatform().start(() -> {
                for (int i = 0; i < 25_000; i++) seen.add(ids.next());
            }));
        }
        for (Thread loop : loops) loop.join();
        assertThat(seen).hasSize(100_000);
    }
}
