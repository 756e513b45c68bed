package dev.anyrouter.routing;

import java.time.Clock;

/**
 * What the answers tell of each key beyond its health, shared by the walk that learns it
 * ({@link Failover}) and the strategies that order keys by it: rate limits left and recent latency.
 */
public record KeySignals(Headroom headroom, Latencies latencies) {
    /** Fresh signals, knowing nothing yet. */
    public KeySignals(Clock clock) {
        this(new Headroom(clock), new Latencies());
    }
}
