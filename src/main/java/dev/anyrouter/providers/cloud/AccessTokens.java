package dev.anyrouter.providers.cloud;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/**
 * The access tokens of one credential that mints them (Vertex's service account, Azure's Entra ID
 * client): the current token is used until shortly before it expires; from then on the next call
 * starts one refresh, off the event loop, and keeps using the still valid token; once it has
 * expired, calls wait for the refresh. At most one refresh is in flight per credential, however many
 * calls ask at once. A token the upstream refused ({@link #refused}) is forgotten, so the next call
 * mints another.
 */
public final class AccessTokens {
    /** A minted token and when it stops working. {@code toString()} leaves the token out. */
    public record Minted(String token, Instant expiresAt) {
        @Override
        public String toString() {
            return "Minted[redacted, expires " + expiresAt + "]";
        }
    }

    /** Mints one token; blocking (it calls the token endpoint). */
    @FunctionalInterface
    public interface Mint {
        Minted mint() throws Exception;
    }

    private final Mint mint;
    private final Clock clock;
    private final Executor offLoop;
    private final Duration ahead;
    private Minted current;
    private CompletableFuture<Minted> refreshing;
    private long minted;

    /**
     * @param offLoop where minting runs (a virtual thread per task)
     * @param ahead how long before expiry a refresh starts
     */
    public AccessTokens(Mint mint, Clock clock, Executor offLoop, Duration ahead) {
        this.mint = mint;
        this.clock = clock;
        this.offLoop = offLoop;
        this.ahead = ahead;
    }

    /** A token to send now: at once when one is valid, else once the refresh in flight (started if need be) is done. */
    public synchronized CompletionStage<String> token() {
        Instant now = clock.instant();
        Minted valid = current != null && current.expiresAt().isAfter(now) ? current : null;
        if (valid != null && valid.expiresAt().isAfter(now.plus(ahead))) return CompletableFuture.completedFuture(valid.token());
        CompletableFuture<Minted> refresh = refresh();
        return valid != null ? CompletableFuture.completedFuture(valid.token()) : refresh.thenApply(Minted::token);
    }

    /**
     * {@link #token()} as a Vert.x future that completes on the caller's context (the event loop the
     * request runs on), failed with the mint's own failure ({@link TokenRefusedException} for a
     * credential the endpoint refused).
     */
    public io.vertx.core.Future<String> next() {
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        CompletionStage<String> token = token();
        io.vertx.core.Future<String> ready = context == null ? io.vertx.core.Future.fromCompletionStage(token)
                : io.vertx.core.Future.fromCompletionStage(token, context);
        return ready.recover(failure -> io.vertx.core.Future.failedFuture(
                failure instanceof java.util.concurrent.CompletionException c && c.getCause() != null ? c.getCause() : failure));
    }

    /** The upstream refused {@code token} (401): it is dropped, unless it is already not the current one. */
    public synchronized void refused(String token) {
        if (current != null && current.token().equals(token)) current = null;
    }

    /** How many tokens were minted so far (for tests and the health view). */
    public synchronized long mintedCount() {
        return minted;
    }

    private CompletableFuture<Minted> refresh() {
        if (refreshing != null) return refreshing;
        // The new token is in place before the future completes, so whoever it wakes finds it current.
        refreshing = CompletableFuture.supplyAsync(() -> {
            try {
                Minted token = mint.mint();
                synchronized (this) {
                    current = token;
                    minted++;
                    refreshing = null;
                }
                return token;
            } catch (Exception e) {
                synchronized (this) {
                    refreshing = null;
                }
                throw e instanceof RuntimeException r ? r : new java.util.concurrent.CompletionException(e);
            }
        }, offLoop);
        return refreshing;
    }
}
