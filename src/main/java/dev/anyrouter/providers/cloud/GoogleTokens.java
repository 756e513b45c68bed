package dev.anyrouter.providers.cloud;

import com.google.api.client.http.HttpResponseException;
import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.ServiceAccountCredentials;
import java.io.IOException;
import java.time.Duration;
import java.util.List;

/**
 * Mints Vertex AI access tokens for a service account with Google's auth library: the OAuth
 * JWT-bearer grant, an RS256 assertion signed with the account's private key, posted to the JSON's
 * own {@code token_uri}, scoped to {@code cloud-platform}.
 */
final class GoogleTokens {
    static final String CLOUD_PLATFORM = "https://www.googleapis.com/auth/cloud-platform";

    private GoogleTokens() {}

    static AccessTokens.Mint mint(VertexCredential credential, TokenEndpoint endpoint, Duration timeout) {
        ServiceAccountCredentials account;
        try {
            account = ServiceAccountCredentials.newBuilder()
                    .setClientEmail(credential.clientEmail())
                    .setPrivateKeyString(credential.privateKey())
                    .setPrivateKeyId(credential.privateKeyId())
                    .setProjectId(credential.projectId())
                    .setTokenServerUri(credential.tokenUri())
                    .setScopes(List.of(CLOUD_PLATFORM))
                    .setHttpTransportFactory(() -> new TokenTransport(endpoint, timeout))
                    // Retries are routing's call: a failed mint fails the attempt, and the next key is tried.
                    .setDefaultRetriesEnabled(false)
                    .build();
        } catch (IOException e) {
            throw new CredentialException("private_key", "does not parse as a PEM PKCS#8 private key");
        }
        return () -> {
            AccessToken token;
            try {
                token = account.refreshAccessToken();
            } catch (IOException e) {
                HttpResponseException answer = answer(e);
                if (answer != null && answer.getStatusCode() >= 400 && answer.getStatusCode() < 500) {
                    throw new TokenRefusedException(answer.getStatusCode(), "the token endpoint " + credential.tokenUri().getHost()
                            + " refused the service account key (HTTP " + answer.getStatusCode() + ")");
                }
                throw new IOException("no token from " + credential.tokenUri().getHost() + " ("
                        + (answer != null ? "HTTP " + answer.getStatusCode() : e.getClass().getSimpleName()) + ")", e);
            }
            return new AccessTokens.Minted(token.getTokenValue(), token.getExpirationTime().toInstant());
        };
    }

    private static HttpResponseException answer(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof HttpResponseException h) return h;
        }
        return null;
    }
}
