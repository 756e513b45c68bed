package dev.anyrouter.routing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.ProviderCatalog;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

class FailureClassifierTest {
    private static final ProviderCatalog CATALOG = ProviderCatalog.loadDefault();
    private static final Provider OPENAI = CATALOG.find("openai").orElseThrow();

    private static Optional<KeyFailure> classify(Provider p, int status, Map<String, String> headers, String body) {
        return FailureClassifier.classify(p, status, headers::get, body.getBytes(StandardCharsets.UTF_8), Instant.EPOCH);
    }

    @Test
    void authFailuresAndTheProvidersOwnInvalidKeyAnswerAreTheKeys() {
        assertThat(classify(OPENAI, 401, Map.of(), "{\"error\":{\"code\":\"invalid_api_key\"}}"))
                .contains(new KeyFailure.InvalidKey(401, "invalid_api_key"));
        assertThat(classify(OPENAI, 403, Map.of(), "{}")).get().isInstanceOf(KeyFailure.InvalidKey.class);
        Provider google = CATALOG.find("google").orElseThrow();
        assertThat(classify(google, 400, Map.of(), "{\"error\":{\"status\":\"INVALID_ARGUMENT\",\"details\":[{\"reason\":\"API_KEY_INVALID\"}]}}"))
                .get().isInstanceOf(KeyFailure.InvalidKey.class);
    }

    @Test
    void exhaustedQuotaIsOutOfCreditEvenWhenSentAs429() {
        assertThat(classify(OPENAI, 429, Map.of(), "{\"error\":{\"type\":\"insufficient_quota\",\"code\":\"insufficient_quota\"}}"))
                .contains(new KeyFailure.OutOfCredit(429, "insufficient_quota"));
        assertThat(classify(OPENAI, 402, Map.of(), "{}")).get().isInstanceOf(KeyFailure.OutOfCredit.class);
        assertThat(classify(OPENAI, 400, Map.of(), "{\"error\":{\"message\":\"Your credit balance is too low to access the API\"}}"))
                .get().isInstanceOf(KeyFailure.OutOfCredit.class);
    }

    @Test
    void rateLimitsCarryTheWaitAndServerErrorsAreTransient() {
        assertThat(classify(OPENAI, 429, Map.of("retry-after", "20"), "{\"error\":{\"code\":\"rate_limit_exceeded\"}}"))
                .contains(new KeyFailure.RateLimited(429, Duration.ofSeconds(20)));
        assertThat(classify(OPENAI, 503, Map.of(), "")).contains(new KeyFailure.Transient(503, "503"));
        assertThat(classify(OPENAI, 529, Map.of(), "{}")).get().isInstanceOf(KeyFailure.Transient.class);
    }

    @Test
    void theRequestsOwnFaultsAreNotTheKeys() {
        assertThat(classify(OPENAI, 400, Map.of(), "{\"error\":{\"code\":\"context_length_exceeded\"}}")).isEmpty();
        assertThat(classify(OPENAI, 404, Map.of(), "{\"error\":{\"code\":\"model_not_found\"}}")).isEmpty();
        assertThat(classify(OPENAI, 422, Map.of(), "{}")).isEmpty();
    }

    @Test
    void noAnswerAtAllIsTransientButOurOwnBugsAreNot() {
        assertThat(FailureClassifier.fromException(new ConnectException("refused")).what()).isEqualTo("connect error");
        assertThat(FailureClassifier.fromException(new TimeoutException()).what()).isEqualTo("timeout");
        assertThat(FailureClassifier.fromException(new IllegalStateException("bug"))).isNull();
    }
}
