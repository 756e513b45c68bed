package dev.anyrouter.providers.cloud;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.anyrouter.vault.Secret;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executor;

/**
 * The structured credentials the gateway has opened, read once per opened secret (the key
 * directory keeps one {@link Secret} per stored key until the key changes), and the access tokens
 * of those that mint them, one {@link AccessTokens} per credential: so every request on a Vertex key
 * shares one token, and one refresh. Held by identity and weakly: a credential the directory has let
 * go (the key was edited or deleted) takes its tokens with it.
 */
public final class CloudCredentials {
    private static final int MAX_OPEN = 100_000;

    private final Cache<Secret, CloudCredential> opened = Caffeine.newBuilder().weakKeys().maximumSize(MAX_OPEN).build();
    private final Cache<Object, AccessTokens> tokens = Caffeine.newBuilder().weakKeys().maximumSize(MAX_OPEN).build();
    private final TokenEndpoint endpoint;
    private final Clock clock;
    private final Executor offLoop;
    private final Duration ahead;
    private final Duration timeout;
    private final SigV4 sigV4;

    /**
     * @param endpoint how token endpoints are reached (the one upstream client)
     * @param offLoop where tokens are minted (virtual threads)
     * @param ahead how long before a token expires its refresh starts
     * @param timeout how long a token endpoint may take to answer
     */
    public CloudCredentials(TokenEndpoint endpoint, Clock clock, Executor offLoop, Duration ahead, Duration timeout) {
        this.endpoint = endpoint;
        this.clock = clock;
        this.offLoop = offLoop;
        this.ahead = ahead;
        this.timeout = timeout;
        this.sigV4 = new SigV4(clock);
    }

    /** The credential in {@code secret}, read as {@code form} once per secret. */
    public CloudCredential open(CloudCredential.Form form, Secret secret) {
        return opened.get(secret, s -> CloudCredential.open(form, s.reveal()));
    }

    /** The access tokens of a Vertex service account. */
    public AccessTokens tokens(VertexCredential credential) {
        return tokens.get(credential, c -> new AccessTokens(GoogleTokens.mint(credential, endpoint, timeout), clock, offLoop, ahead));
    }

    /** The access tokens of an Azure resource's Entra ID client. */
    public AccessTokens tokens(AzureCredential.Entra entra) {
        return tokens.get(entra, c -> new AccessTokens(EntraTokens.mint(entra, endpoint, clock, timeout), clock, offLoop, ahead));
    }

    /** AWS's SigV4 signer, on this gateway's clock. */
    public SigV4 sigV4() {
        return sigV4;
    }
}
