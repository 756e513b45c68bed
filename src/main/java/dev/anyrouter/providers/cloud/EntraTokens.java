package dev.anyrouter.providers.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.Json;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Mints Azure OpenAI bearer tokens from Entra ID client credentials: the OAuth client-credentials
 * grant at {@code <authority>/<tenant>/oauth2/v2.0/token} for the Cognitive Services scope. A form
 * POST and a JSON answer, sent on the gateway's one upstream client.
 */
final class EntraTokens {
    static final String SCOPE = "https://cognitiveservices.azure.com/.default";

    private EntraTokens() {}

    static AccessTokens.Mint mint(AzureCredential.Entra entra, TokenEndpoint endpoint, Clock clock, Duration timeout) {
        byte[] form = ("grant_type=client_credentials&client_id=" + enc(entra.clientId()) + "&client_secret=" + enc(entra.clientSecret())
                + "&scope=" + enc(SCOPE)).getBytes(StandardCharsets.UTF_8);
        String host = entra.authority().getHost();
        return () -> {
            TokenEndpoint.Answer answer;
            try {
                answer = endpoint.post(entra.tokenUri(), "application/x-www-form-urlencoded", form).toCompletionStage()
                        .toCompletableFuture().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            } catch (ExecutionException | TimeoutException e) {
                throw new IOException("no token from " + host + " (" + e.getClass().getSimpleName() + ")", e.getCause());
            }
            String code = null;
            JsonNode body = null;
            try {
                body = Json.parse(answer.body());
                code = body.path("error").asText(null);
            } catch (RuntimeException notJson) {
                // judged by the status alone
            }
            if (answer.status() >= 400 && answer.status() < 500) {
                throw new TokenRefusedException(answer.status(), "Entra ID (" + host + ") refused the client credentials (HTTP "
                        + answer.status() + (code != null && code.matches("[a-z_]{1,64}") ? ", " + code : "") + ")");
            }
            if (answer.status() / 100 != 2 || body == null || !body.path("access_token").isTextual()) {
                throw new IOException("no token from " + host + " (HTTP " + answer.status() + ")");
            }
            long seconds = body.path("expires_in").asLong(3600);
            return new AccessTokens.Minted(body.path("access_token").asText(), clock.instant().plusSeconds(seconds));
        };
    }

    private static String enc(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
