package dev.anyrouter.billing;

/** What asking to hold credit for a request gave. */
public sealed interface Reservation {
    /** {@code amountMicros} is held for the request until it is settled or voided. */
    record Held(String requestId, long amountMicros) implements Reservation {}

    /** Not enough credit: {@code availableMicros} is the balance less what other requests hold. */
    record Insufficient(long availableMicros, long neededMicros) implements Reservation {}
}
