package dev.anyrouter.routing;

import dev.anyrouter.keys.KeyStatus;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.store.MutableClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class KeyHealthTest {
    private final MutableClock clock = new MutableClock(PoolKeys.T0);
    private final List<String> persisted = new ArrayList<>();
    private final KeyHealth health = KeyHealth.standard(clock, (key, reason) -> persisted.add(key.alias() + ": " + reason));
    private final ProviderKeyRecord a = PoolKeys.key("a", 1, 1, 0);

    @Test
    void quarantinesOn401AndPersistsItOnce() {
        assertThat(health.onFailure(a, "gpt-4.1", new KeyFailure.InvalidKey(401, "invalid_api_key"))).isEqualTo("quarantined");
        health.onFailure(a, "gpt-4.1", new KeyFailure.InvalidKey(401, null));
        assertThat(persisted).containsExactly("a: invalid key (HTTP 401 invalid_api_key)");
        assertThat(health.check(a, "any-model").state()).isEqualTo(KeyHealth.State.QUARANTINED);
        clock.advance(Duration.ofDays(30));
        assertThat(health.check(a, "gpt-4.1").state()).as("only re-validation lifts it").isEqualTo(KeyHealth.State.QUARANTINED);
        health.restore(a.id());
        assertThat(health.check(a, "gpt-4.1").state()).isEqualTo(KeyHealth.State.HEALTHY);
    }

    @Test
    void quarantineForLackOfCreditSaysSo() {
        health.onFailure(a, "gpt-4.1", new KeyFailure.OutOfCredit(429, "insufficient_quota"));
        assertThat(health.check(a, "gpt-4.1").reason()).startsWith(KeyHealth.OUT_OF_CREDIT);
    }

    @Test
    void aQuarantineStoredInTheRowIsReportedWithItsReason() {
        var stored = PoolKeys.withStatus(a, KeyStatus.QUARANTINED, "invalid key (HTTP 401)");
        assertThat(health.check(stored, "gpt-4.1")).isEqualTo(new KeyHealth.Status(KeyHealth.State.QUARANTINED, "invalid key (HTTP 401)", null));
        assertThat(health.overall(stored).state()).isEqualTo(KeyHealth.State.QUARANTINED);
    }

    @Test
    void coolsDownForTheRetryAfterTheUpstreamAskedFor() {
        assertThat(health.onFailure(a, "gpt-4.1", new KeyFailure.RateLimited(429, Duration.ofSeconds(20))))
                .isEqualTo("cool-down 20 s");
        clock.advance(Duration.ofSeconds(19));
        KeyHealth.Status cooling = health.check(a, "gpt-4.1");
        assertThat(cooling.state()).isEqualTo(KeyHealth.State.COOLING_DOWN);
        assertThat(cooling.until()).isEqualTo(PoolKeys.T0.plusSeconds(20));
        clock.advance(Duration.ofSeconds(2));
        assertThat(health.check(a, "gpt-4.1").state()).isEqualTo(KeyHealth.State.HEALTHY);
    }

    @Test
    void aLaterSmaller429NeverShortensACoolDown() {
        health.onFailure(a, "gpt-4.1", new KeyFailure.RateLimited(429, Duration.ofSeconds(60)));
        clock.advance(Duration.ofSeconds(1));
        assertThat(health.onFailure(a, "gpt-4.1", new KeyFailure.RateLimited(429, Duration.ofSeconds(5))))
                .isEqualTo("cool-down 59 s");
        clock.advance(Duration.ofSeconds(30));
        assertThat(health.check(a, "gpt-4.1").state()).isEqualTo(KeyHealth.State.COOLING_DOWN);
    }

    @Test
    void withoutRetryAfterTheBackOffStartsAtTwoSecondsAndDoubles() {
        assertThat(health.onFailure(a, "gpt-4.1", new KeyFailure.RateLimited(429, null))).isEqualTo("cool-down 2 s");
        clock.advance(Duration.ofSeconds(3));
        assertThat(health.onFailure(a, "gpt-4.1", new KeyFailure.RateLimited(429, null))).isEqualTo("cool-down 4 s");
        clock.advance(Duration.ofSeconds(5));
        assertThat(health.onFailure(a, "gpt-4.1", new KeyFailure.RateLimited(429, null))).isEqualTo("cool-down 8 s");
    }

    @Test
    void aCoolDownIsScopedToTheModelThatWasRateLimited() {
        health.onFailure(a, "gpt-4.1", new KeyFailure.RateLimited(429, Duration.ofSeconds(20)));
        assertThat(health.check(a, "gpt-4.1").state()).isEqualTo(KeyHealth.State.COOLING_DOWN);
        assertThat(health.check(a, "gpt-4.1-mini").state()).isEqualTo(KeyHealth.State.HEALTHY);
        assertThat(health.overall(a).state()).isEqualTo(KeyHealth.State.COOLING_DOWN);
    }

    @Test
    void repeatedTransientFailuresEjectForAGrowingTimeAndOneProbeBringsTheKeyBack() {
        var failure = new KeyFailure.Transient(503, "503");
        assertThat(health.onFailure(a, "m", failure)).isEqualTo("next key");
        assertThat(health.onFailure(a, "m", failure)).isEqualTo("next key");
        assertThat(health.check(a, "m").state()).isEqualTo(KeyHealth.State.HEALTHY);
        assertThat(health.onFailure(a, "m", failure)).isEqualTo("ejected 5 s");
        assertThat(health.check(a, "other-model").state()).as("ejection is key-wide").isEqualTo(KeyHealth.State.EJECTED);

        clock.advance(Duration.ofSeconds(6));
        assertThat(health.check(a, "m").state()).isEqualTo(KeyHealth.State.PROBING);
        assertThat(health.onFailure(a, "m", failure)).as("a failed probe ejects at once, for longer").isEqualTo("ejected 10 s");
        clock.advance(Duration.ofSeconds(11));
        assertThat(health.check(a, "m").state()).isEqualTo(KeyHealth.State.PROBING);
        health.onSuccess(a, "m");
        assertThat(health.check(a, "m").state()).isEqualTo(KeyHealth.State.HEALTHY);
        assertThat(health.onFailure(a, "m", failure)).as("the count starts afresh").isEqualTo("next key");
    }

    @Test
    void aSuccessForgetsEarlierTransientFailures() {
        var failure = new KeyFailure.Transient(0, "timeout");
        health.onFailure(a, "m", failure);
        health.onFailure(a, "m", failure);
        health.onSuccess(a, "m");
        assertThat(health.onFailure(a, "m", failure)).isEqualTo("next key");
    }

    @Test
    void oneKeysCoolDownsAreKeptForABoundedNumberOfModels() {
        // Before: one entry per model id a 429 came back for, however many ids clients sent.
        for (int i = 0; i < 1_000; i++) {
            health.onFailure(a, "model-" + i, new KeyFailure.RateLimited(429, Duration.ofSeconds(60 + i)));
        }
        assertThat(health.modelsCooling(a)).isLessThanOrEqualTo(KeyHealth.MAX_COOLING_MODELS);
        assertThat(health.check(a, "model-999").state()).isEqualTo(KeyHealth.State.COOLING_DOWN);
        assertThat(health.check(a, "model-0").state()).as("the soonest-ending made room").isEqualTo(KeyHealth.State.HEALTHY);
        clock.advance(Duration.ofHours(1));
        health.onFailure(a, "one-more", new KeyFailure.RateLimited(429, Duration.ofSeconds(5)));
        assertThat(health.modelsCooling(a)).as("ended cool-downs pruned first").isEqualTo(1);
    }
}
