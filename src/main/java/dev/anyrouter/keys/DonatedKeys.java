package dev.anyrouter.keys;

import com.github.benmanes.caffeine.cache.Cache;
import dev.anyrouter.store.Caches;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The request path's view of the donation pool: per provider, the keys their owners donated
 * (switched to ready or on, consent given) of a provider that is eligible now, with the owners'
 * daily caps and what each served today. Cached; a switch anywhere drops the provider's entry
 * (through the change feed), so a key switched off is in no plan made after the switch. A
 * provider that is not eligible has no donated keys, whatever its rows say: the rule is applied
 * here, where keys are chosen.
 */
public final class DonatedKeys {
    private static final Duration TTL = Duration.ofSeconds(30);

    /**
     * A donated key and its owner's caps.
     *
     * @param requestsToday pool requests it served today when loaded, plus those this node served since
     * @param microsToday their notional cost at list price
     */
    public record Donated(ProviderKeyRecord key, Long maxRequestsPerDay, Long maxMicrosPerDay, long requestsToday,
                          long microsToday) {
        /** Whether the owner's caps leave room for another pool request today. */
        public boolean withinCaps() {
            return (maxRequestsPerDay == null || requestsToday < maxRequestsPerDay)
                    && (maxMicrosPerDay == null || microsToday < maxMicrosPerDay);
        }
    }

    private final DonationStore donations;
    private final ProviderKeyStore keys;
    private final Predicate<String> eligible;
    private final Clock clock;
    private final Cache<String, List<Donated>> byProvider;
    /** What this node served per key since its provider was loaded, on the day it counts: {day epoch, requests, micros}. */
    private final Map<String, long[]> servedHere = new ConcurrentHashMap<>();

    /** @param eligible whether a provider's keys may serve the pool (its terms permit it) */
    public DonatedKeys(DonationStore donations, ProviderKeyStore keys, Predicate<String> eligible, Clock clock) {
        this.donations = donations;
        this.keys = keys;
        this.eligible = eligible;
        this.clock = clock;
        this.byProvider = Caches.expiring(TTL, 10_000, clock);
    }

    /** The provider's donated keys from memory, with today's counts; null when not loaded. */
    public List<Donated> cached(String provider) {
        List<Donated> loaded = byProvider.getIfPresent(provider);
        return loaded == null ? null : withServedHere(loaded);
    }

    /** Loads the provider's donated keys from the store; blocking. */
    public List<Donated> load(String provider) {
        if (!eligible.test(provider)) {
            byProvider.put(provider, List.of());
            return List.of();
        }
        long today = today();
        Map<String, long[]> served = donations.servedOn(provider, LocalDate.ofEpochDay(today).toString());
        List<Donated> out = new ArrayList<>();
        for (DonationStore.Donation d : donations.forProvider(provider)) {
            var key = keys.find(d.accountId(), d.keyId());
            if (key.isEmpty()) continue;
            long[] counts = served.getOrDefault(d.keyId(), new long[2]);
            // What this node served until now is in the store's counts (written with each settle).
            servedHere.remove(d.keyId());
            out.add(new Donated(key.get(), d.maxRequestsPerDay(), d.maxMicrosPerDay(), counts[0], counts[1]));
        }
        List<Donated> loaded = List.copyOf(out);
        byProvider.put(provider, loaded);
        return withServedHere(loaded);
    }

    /** A pool request was served on the key, at this notional cost: counted against its caps at once. */
    public void served(String keyId, long notionalMicros) {
        long today = today();
        servedHere.compute(keyId, (id, counts) -> counts == null || counts[0] != today
                ? new long[] {today, 1, notionalMicros}
                : new long[] {today, counts[1] + 1, counts[2] + notionalMicros});
    }

    /** Drops the provider's donated keys (a donation changed); the next plan loads them again. */
    public void invalidate(String provider) {
        byProvider.invalidate(provider);
    }

    /** Drops every provider's (a key changed somewhere, or this node may have missed changes). */
    public void invalidateAll() {
        byProvider.invalidateAll();
    }

    private List<Donated> withServedHere(List<Donated> loaded) {
        if (servedHere.isEmpty()) return loaded;
        long today = today();
        List<Donated> out = new ArrayList<>(loaded.size());
        for (Donated d : loaded) {
            long[] here = servedHere.get(d.key().id());
            out.add(here == null || here[0] != today ? d : new Donated(d.key(), d.maxRequestsPerDay(), d.maxMicrosPerDay(),
                    d.requestsToday() + here[1], d.microsToday() + here[2]));
        }
        return out;
    }

    private long today() {
        return LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).toEpochDay();
    }
}
