package dev.anyrouter.usage;

import java.time.Clock;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

/**
 * Makes request ids in the UUID version 7 layout (RFC 9562): 48 bits of Unix milliseconds, the
 * version nibble 7, the variant bits, and 74 random bits. Ids made later sort later (to the
 * millisecond), so the usage log's primary key grows at its end instead of on a random B-tree
 * page per insert; and drawing them costs no {@code SecureRandom} lock. They need to be unique,
 * not secret: whoever sees one is the account that made the request.
 */
public final class RequestIds {
    private static final long VERSION_7 = 0x7000L;
    private static final long VARIANT_MASK = 0x3FFF_FFFF_FFFF_FFFFL;
    private static final long VARIANT_RFC = 0x8000_0000_0000_0000L;

    private final Clock clock;
    private final Supplier<? extends RandomGenerator> random;

    /**
     * @param random the generator for the calling thread (ids are made on every event loop at once),
     *     e.g. {@code ThreadLocalRandom::current}; tests pass one seeded generator
     */
    public RequestIds(Clock clock, Supplier<? extends RandomGenerator> random) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
    }

    /** Ids on {@code clock} with each thread's own fast generator. */
    public static RequestIds on(Clock clock) {
        return new RequestIds(clock, ThreadLocalRandom::current);
    }

    /** A new id, as a canonical lower-case UUID string. */
    public String next() {
        RandomGenerator r = random.get();
        long msb = (clock.millis() << 16) | VERSION_7 | (r.nextInt() & 0x0FFF);
        long lsb = (r.nextLong() & VARIANT_MASK) | VARIANT_RFC;
        return new UUID(msb, lsb).toString();
    }
}
