package dev.anyrouter.byok;

import dev.anyrouter.billing.PoolCredits;
import dev.anyrouter.cluster.Change;
import dev.anyrouter.cluster.ChangeFeed;
import dev.anyrouter.config.DonationSettings;
import dev.anyrouter.keys.DonationStore;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.keys.ProviderKeyStore;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.providers.DonationTerms;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.store.Blocking;
import io.vertx.core.Future;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * The donation program's rules, shared by the JSON API and the dashboard: the consent an account
 * gives once (the versioned text, recorded with the time and the client's address), and each key's
 * donation: {@code off}, {@code ready} (joins the pool the moment its provider becomes eligible,
 * under the consent already given) or {@code on} (only for an eligible provider). Every switch is
 * told to every node through the change feed, so a key switched off starts no new pool request
 * anywhere. Refusals are {@link ApiException}s that name why.
 */
public final class DonationService {
    /** A key's donation as the API spells it. */
    public enum Requested { OFF, READY, ON;

        /** {@code off}, {@code ready}, {@code on}; null for anything else. */
        public static Requested parse(String raw) {
            if (raw == null) return null;
            for (Requested r : values()) if (r.name().toLowerCase(Locale.ROOT).equals(raw)) return r;
            return null;
        }

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * What a key's donation is now: {@code off}; {@code ready} (switched on or ready, its provider not
     * eligible yet); {@code donating} (serving the pool when it has headroom).
     */
    public enum Shown { OFF, READY, DONATING;

        public String wireName() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The owner's caps on a key's pool use per UTC day; null fields: no cap. */
    public record Caps(Long requestsPerDay, Long microsPerDay) {
        public static final Caps NONE = new Caps(null, null);

        public Caps {
            if (requestsPerDay != null && requestsPerDay < 0 || microsPerDay != null && microsPerDay < 0) {
                throw new ApiException(ApiError.badRequest("invalid_request", "a donation cap cannot be negative"));
            }
        }
    }

    /** One key's donation with what it earned, as its owner sees it. */
    public record KeyDonation(ProviderKeyRecord key, Requested requested, Shown shown, Caps caps, PoolCredits.Day total,
                              PoolCredits.Day today) {}

    /** Everything the /pool page and {@code GET /api/v1/pool} show one account. */
    public record Overview(String textVersion, String text, String creditPercent, DonationSettings settings,
                           Optional<DonationStore.Consent> consent, List<DonationTerms.Terms> providers, List<KeyDonation> keys,
                           List<PoolCredits.Day> days) {
        /** Credit earned by all the account's keys. */
        public long creditMicros() {
            return keys.stream().mapToLong(k -> k.total().creditMicros()).sum();
        }
    }

    private final ProviderCatalog catalog;
    private final DonationTerms terms;
    private final DonationStore store;
    private final ProviderKeyStore keys;
    private final PoolCredits credits;
    private final DonationSettings settings;
    private final ChangeFeed changes;
    private final Blocking blocking;

    public DonationService(ProviderCatalog catalog, DonationTerms terms, DonationStore store, ProviderKeyStore keys,
                           PoolCredits credits, DonationSettings settings, ChangeFeed changes, Blocking blocking) {
        this.catalog = catalog;
        this.terms = terms;
        this.store = store;
        this.keys = keys;
        this.credits = credits;
        this.settings = settings;
        this.changes = changes;
        this.blocking = blocking;
    }

    /** The current consent text's version. */
    public String textVersion() {
        return PoolConsent.version(settings.creditRate());
    }

    /** The current consent text. */
    public String text() {
        return PoolConsent.text(settings.creditRate());
    }

    /** Whether the provider's keys may serve the pool. */
    public boolean eligible(String provider) {
        return terms.eligible(provider);
    }

    /** The account's view of the program; blocking work off the caller's thread. */
    public Future<Overview> overview(String accountId) {
        return blocking.run(() -> overviewNow(accountId));
    }

    /**
     * Records the account's acknowledgement of the current text, once; a version other than the
     * current one is refused (409 {@code consent_text_changed}), so nobody agrees to a text they were not shown.
     */
    public Future<DonationStore.Consent> consent(String accountId, String textVersion, String clientAddress) {
        if (!textVersion().equals(textVersion)) {
            return Future.failedFuture(new ApiException(ApiError.conflict("consent_text_changed", "the consent text is now version "
                    + textVersion() + ", not '" + textVersion + "': read it again (GET /api/v1/pool) and send its text_version")));
        }
        return blocking.run(() -> {
            store.recordConsent(accountId, DonationStore.ACCOUNT, textVersion, clientAddress);
            return store.accountConsent(accountId, textVersion).orElseThrow();
        });
    }

    /**
     * Switches the key's donation, and sets its caps when {@code caps} is not null. {@code ready} and
     * {@code on} need the account's consent to the current text (409 {@code consent_required});
     * {@code on} needs an eligible provider (422 {@code provider_not_eligible}, naming the decision's source).
     */
    public Future<KeyDonation> change(String accountId, String keyId, Requested requested, Caps caps, String clientAddress) {
        return blocking.run(() -> {
            ProviderKeyRecord key = keys.find(accountId, keyId).orElseThrow(() -> new ApiException(ByokService.notFound(keyId)));
            Optional<DonationStore.Donation> before = store.find(keyId);
            Requested next = requested != null ? requested
                    : before.map(d -> d.state() == DonationStore.State.ON ? Requested.ON : Requested.READY).orElse(Requested.OFF);
            if (next == Requested.OFF) {
                store.remove(accountId, keyId);
            } else {
                if (store.accountConsent(accountId, textVersion()).isEmpty()) {
                    throw new ApiException(ApiError.conflict("consent_required", "a key serves other users only after this account"
                            + " accepts the pool's consent text (version " + textVersion() + "): read it at /pool or GET /api/v1/pool,"
                            + " then POST /api/v1/pool/consent {\"text_version\": \"" + textVersion() + "\"}; nothing was changed"));
                }
                if (next == Requested.ON && !terms.eligible(key.provider())) {
                    throw new ApiException(ApiError.unprocessable("provider_not_eligible", notEligible(key.provider())));
                }
                Caps kept = caps != null ? caps
                        : before.map(d -> new Caps(d.maxRequestsPerDay(), d.maxMicrosPerDay())).orElse(Caps.NONE);
                store.recordConsent(accountId, keyId, textVersion(), clientAddress);
                store.put(new DonationStore.Donation(keyId, accountId, key.provider(),
                        next == Requested.ON ? DonationStore.State.ON : DonationStore.State.READY, kept.requestsPerDay(),
                        kept.microsPerDay(), null));
            }
            changes.publish(new Change.DonationChanged(accountId, keyId, key.provider()));
            return donation(key, store.find(keyId));
        });
    }

    private String notEligible(String provider) {
        DonationTerms.Terms t = terms.terms(provider);
        String name = catalog.find(provider).map(p -> p.name()).orElse(provider);
        String why = switch (t.permitted()) {
            case PROHIBITED -> name + "'s terms do not permit a third party to use a customer's key" + (t.source() == null ? "" : " ("
                    + t.source() + ", read " + t.checked() + ")");
            case UNKNOWN -> "no source settles whether " + name + "'s terms permit a third party to use a customer's key";
            case PERMITTED -> throw new IllegalStateException("eligible");
        };
        return "keys of " + provider + " cannot serve the pool: " + why + ". Switch the key to \"ready\" instead: it joins the pool"
                + " the moment " + name + " becomes eligible; nothing was changed";
    }

    private Overview overviewNow(String accountId) {
        Map<String, DonationStore.Donation> donations = store.forAccount(accountId).stream()
                .collect(Collectors.toMap(DonationStore.Donation::keyId, d -> d));
        List<KeyDonation> out = new ArrayList<>();
        for (ProviderKeyRecord key : keys.list(accountId)) out.add(donation(key, Optional.ofNullable(donations.get(key.id()))));
        return new Overview(textVersion(), text(), PoolConsent.percent(settings.creditRate()), settings,
                store.accountConsent(accountId, textVersion()), terms.all(), out, credits.days(accountId, 30));
    }

    private KeyDonation donation(ProviderKeyRecord key, Optional<DonationStore.Donation> donation) {
        Requested requested = donation.map(d -> d.state() == DonationStore.State.ON ? Requested.ON : Requested.READY).orElse(Requested.OFF);
        Shown shown = requested == Requested.OFF ? Shown.OFF : terms.eligible(key.provider()) ? Shown.DONATING : Shown.READY;
        Caps caps = donation.map(d -> new Caps(d.maxRequestsPerDay(), d.maxMicrosPerDay())).orElse(Caps.NONE);
        return new KeyDonation(key, requested, shown, caps, credits.total(key.id()), credits.today(key.id()));
    }
}
