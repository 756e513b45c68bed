package dev.anyrouter.http;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.anyrouter.accounts.ApiKeyFormat;

/**
 * The {@code Authorization} / {@code x-api-key} parsing on any header values: never an exception,
 * and a key found is a non-blank, stripped part of the header it came from, checked for form
 * without a throw.
 */
class PresentedKeyFuzzTest {
    @FuzzTest(maxDuration = "10s")
    void anyHeaderValuesGiveAKeyFromThemOrNone(FuzzedDataProvider data) {
        String authorization = data.consumeBoolean() ? null : data.consumeString(300);
        String xApiKey = data.consumeBoolean() ? null : data.consumeRemainingAsString();
        String key = Authenticator.presentedKey(authorization, xApiKey);
        if (key == null) return;
        assertThat(key).isNotBlank().isEqualTo(key.strip());
        boolean fromBearer = authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7);
        assertThat(fromBearer ? authorization.substring(7) : xApiKey).contains(key);
        if (ApiKeyFormat.isWellFormed(key)) {
            assertThat(key).startsWith(ApiKeyFormat.PREFIX).hasSize(ApiKeyFormat.LENGTH);
            assertThat(ApiKeyFormat.sha256Hex(key)).hasSize(64);
        }
    }
}
