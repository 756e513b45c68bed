package dev.anyrouter.byok;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.accounts.ApiKeyInfo;
import dev.anyrouter.accounts.ApiKeyStore;
import dev.anyrouter.cluster.Change;
import dev.anyrouter.cluster.Change.ProviderKeyChanged.What;
import dev.anyrouter.cluster.ChangeFeed;
import dev.anyrouter.keys.KeyDirectory;
import dev.anyrouter.keys.KeyModelStore;
import dev.anyrouter.keys.KeyPatch;
import dev.anyrouter.keys.KeyStatus;
import dev.anyrouter.keys.ProviderKeyRecord;
import dev.anyrouter.keys.ProviderKeyStore;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.protocol.RequestFields;
import dev.anyrouter.providers.KeyValidator;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.ProviderCatalog;
import dev.anyrouter.providers.UpstreamAddressGuard;
import dev.anyrouter.providers.BaseUrlNotAllowedException;
import dev.anyrouter.providers.UpstreamRefusedException;
import dev.anyrouter.providers.UpstreamTarget;
import dev.anyrouter.providers.Validation;
import dev.anyrouter.providers.cloud.CloudCredential;
import dev.anyrouter.routing.KeyHealth;
import dev.anyrouter.store.AccountCapException;
import dev.anyrouter.store.Blocking;
import dev.anyrouter.vault.CredentialBinding;
import dev.anyrouter.vault.KeyVault;
import dev.anyrouter.vault.SealedCredential;
import dev.anyrouter.vault.Secret;
import io.vertx.core.Future;
import java.net.URI;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * The BYOK rules, shared by the JSON API ({@code http}) and the dashboard ({@code web}): a key is checked
 * live before anything is stored, sealed in the vault under its own row's identity, and never
 * shown again. Requests come in as the API's JSON fields, so both surfaces accept exactly the
 * same input; a refusal fails the future with what the client should be told ({@link #refusal}).
 */
public final class ByokService {
    public static final Set<String> CREATE_FIELDS =
            Set.of("provider", "key", "alias", "priority", "weight", "base_url", "headers", "scope");
    public static final Set<String> PATCH_FIELDS =
            Set.of("alias", "priority", "weight", "base_url", "headers", "scope", "status", "credential");
    private static final int MAX_KEY_LENGTH = 4096;

    private final ProviderCatalog catalog;
    private final ProviderKeyStore store;
    private final KeyModelStore keyModels;
    private final ApiKeyStore apiKeys;
    private final KeyVault vault;
    private final KeyValidator validator;
    private final UpstreamAddressGuard guard;
    private final KeyDirectory directory;
    private final ChangeFeed changes;
    private final Blocking blocking;
    private final Clock clock;

    public ByokService(ProviderCatalog catalog, ProviderKeyStore store, KeyModelStore keyModels, ApiKeyStore apiKeys, KeyVault vault,
                KeyValidator validator, UpstreamAddressGuard guard, KeyDirectory directory, ChangeFeed changes, Blocking blocking,
                Clock clock) {
        this.catalog = catalog;
        this.store = store;
        this.keyModels = keyModels;
        this.apiKeys = apiKeys;
        this.vault = vault;
        this.validator = validator;
        this.guard = guard;
        this.directory = directory;
        this.changes = changes;
        this.blocking = blocking;
        this.clock = clock;
    }

    /**
     * What a create request asked for, checked; the credential is held as a {@link Secret} (a cloud's
     * structured credential as the JSON it is sealed as), with the masked form it is listed by.
     */
    public record NewKey(Provider provider, Secret key, String masked, String alias, int priority, int weight, URI baseUrl,
                         Map<String, String> headers, List<String> scope) {}

    /** What the client is told when a request is refused: HTTP status, stable code, a message that says what to do. */
    public record Refusal(int status, String code, String message) {}

    /** The refusal a failed future of this service stands for (a generic 500 for anything unexpected). */
    public static Refusal refusal(Throwable failure) {
        if (failure instanceof AccountCapException full) return new Refusal(409, "account_limit_reached", full.getMessage());
        ApiError error = ApiError.of(failure);
        return new Refusal(error.status(), error.code(), error.message());
    }

    /**
     * Checks a create request's fields (the JSON API's names: provider, key, alias, priority,
     * weight, base_url, headers, scope).
     *
     * @throws RuntimeException a refusal (see {@link #refusal}) naming the field that is wrong
     */
    public NewKey parseCreate(ObjectNode body) {
        String providerId = RequestFields.requiredText(body, "provider", 64).strip().toLowerCase(Locale.ROOT);
        Provider provider = catalog.find(providerId).orElseThrow(() -> RequestFields.bad("unknown provider '" + providerId
                + "'; known: " + String.join(", ", catalog.all().stream().map(Provider::id).toList())));
        ProviderCredential credential = ProviderCredential.parse(provider, body.get("key"), MAX_KEY_LENGTH);
        // The provider's named fields (an account id, a region, a plan) pick its URL: the user never types one.
        // Typed or built from those fields, the URL must be on one of the provider's hosts.
        URI base = allowed(provider, credential.baseUrl(provider, baseUrl(body)));
        return new NewKey(provider, credential.secret(), credential.masked(), alias(body),
                orDefault(RequestFields.optionalInt(body, "priority", 0, 1_000_000), 1),
                orDefault(RequestFields.optionalInt(body, "weight", 0, 1_000_000), 1),
                base, headers(body, provider), scope(body));
    }

    /**
     * The fields of a cloud's structured credential that are not secret (region, resource,
     * deployments, project), as they may be shown; empty for a key of one string. Opens the sealed
     * credential (CPU work, cached by the directory).
     */
    public Optional<JsonNode> credentialFields(ProviderKeyRecord key) {
        Provider provider = catalog.find(key.provider()).orElse(null);
        if (provider == null || provider.credentialForm().isEmpty()) return Optional.empty();
        try {
            return Optional.of(CloudCredential.open(provider.credentialForm().get(), directory.open(key).reveal()).shown());
        } catch (RuntimeException unreadable) {
            return Optional.empty(); // a row that does not open shows nothing rather than failing the list
        }
    }

    /** Validates the key live and, when the provider accepts it, seals and stores it; a rejection stores nothing. */
    public Future<ProviderKeyRecord> create(String accountId, NewKey request) {
        return blocking.run(() -> {
                    store.requireRoomFor(accountId); // before the live call: a full account makes none
                    return (Void) null;
                })
                .compose(v -> checkScope(accountId, request.scope()))
                .compose(v -> validator.validate(target(request.provider(), request.baseUrl(), request.key(), request.headers())))
                .compose(validation -> switch (validation) {
                    case Validation.Valid valid -> blocking.run(() -> insert(accountId, request, valid.models()));
                    case Validation.Rejected rejected -> Future.failedFuture(new ApiException(
                            ApiError.unprocessable("key_rejected", rejected.reason() + "; nothing was stored")));
                    case Validation.Unreachable unreachable -> Future.failedFuture(new ApiException(
                            ApiError.badGateway("validation_unreachable", unreachable.reason() + "; nothing was stored")));
                });
    }

    /** The account's provider keys. */
    public Future<List<ProviderKeyRecord>> list(String accountId) {
        return blocking.run(() -> store.list(accountId));
    }

    /** One of the account's keys; empty for another account's or an unknown id. */
    public Future<Optional<ProviderKeyRecord>> find(String accountId, String id) {
        return blocking.run(() -> store.find(accountId, id));
    }

    /**
     * Applies a change (the API's PATCH fields); a new base URL is proved with the stored key
     * first. Empty when the key is not this account's.
     */
    public Future<Optional<ProviderKeyRecord>> update(String accountId, String id, ObjectNode body) {
        return blocking.run(() -> store.find(accountId, id)).compose(found -> {
            if (found.isEmpty()) return Future.failedFuture(new ApiException(notFound(id)));
            ProviderKeyRecord current = found.get();
            Provider provider = catalog.find(current.provider()).orElseThrow();
            KeyPatch patch = parsePatch(body, provider);
            Future<Void> scoped = patch.scope() == null ? Future.succeededFuture() : checkScope(accountId, patch.scope());
            Future<Optional<Secret>> edited = body.has("credential")
                    ? blocking.run(() -> ProviderCredential.edited(provider, directory.open(current), body.get("credential")))
                    : Future.succeededFuture(Optional.empty());
            return scoped.compose(v -> edited).compose(replacement -> {
                boolean moved = patch.baseUrl() != null && !patch.baseUrl().equals(current.baseUrl());
                boolean reheadered = patch.headers() != null && !patch.headers().equals(current.headers());
                Future<Void> checked = Future.succeededFuture();
                if (moved || reheadered || replacement.isPresent()) {
                    // The key is about to be sent somewhere new, or as something new: prove it there first.
                    URI base = moved ? URI.create(patch.baseUrl()) : current.baseUrl() == null ? null : URI.create(current.baseUrl());
                    Map<String, String> headers = reheadered ? patch.headers() : current.headers();
                    checked = revalidate(current, provider, base, headers, replacement);
                }
                return checked.map(v -> replacement);
            }).compose(replacement -> blocking.run(() -> {
                var updated = apply(accountId, id, patch, replacement);
                // A status set by the owner starts the key's health afresh, on every node.
                changes.publish(new Change.ProviderKeyChanged(accountId, id, patch.status() != null ? What.STATUS_SET : What.CHANGED));
                return updated;
            }));
        });
    }

    /**
     * Writes the patch; a new destination (base URL, headers) is written together with the
     * credential re-sealed for it, since the vault binds the destination into the ciphertext. A
     * rotation's re-wrap of the same row in between is met by reading the row again.
     */
    private Optional<ProviderKeyRecord> apply(String accountId, String id, KeyPatch patch, Optional<Secret> replacement) {
        if (patch.baseUrl() == null && patch.headers() == null && replacement.isEmpty()) return store.update(accountId, id, patch);
        for (int attempt = 1; ; attempt++) {
            Optional<ProviderKeyRecord> row = store.find(accountId, id);
            if (row.isEmpty()) return Optional.empty();
            ProviderKeyRecord now = row.get();
            String base = patch.baseUrl() == null ? now.baseUrl() : patch.baseUrl().isBlank() ? null : patch.baseUrl();
            Map<String, String> headers = patch.headers() == null ? now.headers() : patch.headers();
            SealedCredential resealed = vault.seal(replacement.orElseGet(() -> vault.open(now.sealed(), now.binding())),
                    new CredentialBinding(accountId, id, now.provider(), base, headers));
            try {
                return store.update(accountId, id, patch, new ProviderKeyStore.Reseal(now, resealed));
            } catch (ProviderKeyStore.ResealConflict conflict) {
                if (attempt == 5) throw conflict;
            }
        }
    }

    /** Deletes the account's key; false when it is not this account's. */
    public Future<Boolean> delete(String accountId, String id) {
        return blocking.run(() -> {
            boolean deleted = store.delete(accountId, id);
            changes.publish(new Change.ProviderKeyChanged(accountId, id, What.DELETED));
            return deleted;
        });
    }

    /**
     * What a live re-validation of a stored key found ({@code valid}, {@code rejected} or
     * {@code unreachable}, with the provider's reason) and the key as it is afterwards.
     */
    public record Revalidation(String result, String reason, ProviderKeyRecord key) {
        /** One line for the user: "valid", "rejected: …", "unreachable: …". */
        public String summary() {
            return reason == null ? result : result + ": " + reason;
        }
    }

    /**
     * Checks a stored key live again and applies what the provider said to its health: valid
     * lifts a quarantine, rejected quarantines it, unreachable changes nothing.
     */
    public Future<Revalidation> revalidate(String accountId, String id) {
        return blocking.run(() -> store.find(accountId, id))
                .compose(found -> {
                    if (found.isEmpty()) return Future.failedFuture(new ApiException(notFound(id)));
                    ProviderKeyRecord key = found.get();
                    Provider provider = catalog.find(key.provider()).orElseThrow();
                    return blocking.run(() -> directory.open(key))
                            .compose(secret -> validator.validate(target(provider,
                                    key.baseUrl() == null ? null : URI.create(key.baseUrl()), secret, key.headers())))
                            .compose(validation -> blocking.run(() -> apply(key, validation)));
                });
    }

    private Revalidation apply(ProviderKeyRecord key, Validation validation) {
        String result;
        String reason = null;
        What what;
        switch (validation) {
            case Validation.Valid valid -> {
                if (key.status() == KeyStatus.QUARANTINED) store.setStatus(key.id(), KeyStatus.ACTIVE, null);
                result = "valid";
                what = What.VALIDATED;
            }
            case Validation.Rejected rejected -> {
                store.setStatus(key.id(), KeyStatus.QUARANTINED, KeyHealth.INVALID_KEY + ": " + rejected.reason());
                result = "rejected";
                reason = rejected.reason();
                what = What.REJECTED;
            }
            case Validation.Unreachable unreachable -> {
                result = "unreachable";
                reason = unreachable.reason();
                what = What.CHANGED;
            }
        }
        changes.publish(new Change.ProviderKeyChanged(key.accountId(), key.id(), what));
        return new Revalidation(result, reason, store.find(key.accountId(), key.id()).orElse(key));
    }

    public static ApiError notFound(String id) {
        return ApiError.notFound("no provider key with id " + id);
    }

    private ProviderKeyRecord insert(String accountId, NewKey request, List<String> models) {
        String id = UUID.randomUUID().toString();
        SealedCredential sealed = vault.seal(request.key(), new CredentialBinding(accountId, id, request.provider().id(),
                request.baseUrl() == null ? null : request.baseUrl().toString(), request.headers()));
        String masked = request.masked();
        var now = clock.instant();
        ProviderKeyRecord record = new ProviderKeyRecord(id, accountId, request.provider().id(),
                request.alias() == null ? request.provider().id() + " " + masked : request.alias(), masked,
                request.priority(), request.weight(), request.baseUrl() == null ? null : request.baseUrl().toString(),
                request.headers(), request.scope(), KeyStatus.ACTIVE, null, now, null,
                sealed.ciphertext(), sealed.wrappedKey(), sealed.keyVersion());
        store.insert(record);
        keyModels.replace(accountId, id, models);
        changes.publish(new Change.ProviderKeyChanged(accountId, id, What.ADDED));
        return record;
    }

    private Future<Void> revalidate(ProviderKeyRecord current, Provider provider, URI newBase, Map<String, String> newHeaders,
                                    Optional<Secret> replacement) {
        return (replacement.isPresent() ? Future.succeededFuture(replacement.get()) : blocking.run(() -> directory.open(current)))
                .compose(secret -> validator.validate(target(provider, newBase, secret, newHeaders)))
                .compose(validation -> switch (validation) {
                    case Validation.Valid valid -> blocking.run(() -> {
                        keyModels.replace(current.accountId(), current.id(), valid.models());
                        return (Void) null;
                    });
                    case Validation.Rejected rejected -> Future.failedFuture(new ApiException(
                            ApiError.unprocessable("key_rejected", rejected.reason()
                                    + (replacement.isPresent() ? " with the changed credential" : " with the new base_url or headers")
                                    + "; nothing was changed")));
                    case Validation.Unreachable unreachable -> Future.failedFuture(new ApiException(
                            ApiError.badGateway("validation_unreachable", unreachable.reason() + "; nothing was changed")));
                });
    }

    private KeyPatch parsePatch(ObjectNode body, Provider provider) {
        if (body.isEmpty()) throw RequestFields.bad("nothing to change: send at least one of " + String.join(", ", PATCH_FIELDS));
        if (body.has("credential") && provider.credentialForm().isEmpty()) {
            throw RequestFields.bad("'credential' is for the clouds' structured credentials; " + provider.name() + " keys have none to change");
        }
        KeyStatus status = null;
        String rawStatus = RequestFields.optionalText(body, "status", 16);
        if (rawStatus != null) {
            status = switch (rawStatus.toLowerCase(Locale.ROOT)) {
                case "active" -> KeyStatus.ACTIVE;
                case "disabled" -> KeyStatus.DISABLED;
                default -> throw RequestFields.bad("'status' can be set to active or disabled");
            };
        }
        URI base = baseUrl(body);
        if (base != null) allowed(provider, base); // no base_url in the change: the key stays where it goes
        return new KeyPatch(alias(body),
                RequestFields.optionalInt(body, "priority", 0, 1_000_000),
                RequestFields.optionalInt(body, "weight", 0, 1_000_000),
                base == null ? null : base.toString(),
                body.has("headers") ? headers(body, provider) : null,
                body.has("scope") ? scope(body) : null,
                status);
    }

    private Future<Void> checkScope(String accountId, List<String> scope) {
        if (scope.isEmpty()) return Future.succeededFuture();
        return blocking.run(() -> apiKeys.list(accountId)).compose(own -> {
            Set<String> ids = new HashSet<>(own.stream().map(ApiKeyInfo::id).toList());
            for (String id : scope) {
                if (!ids.contains(id)) return Future.failedFuture(RequestFields.bad("'scope' names " + id + ", which is not one of your API keys"));
            }
            return Future.succeededFuture();
        });
    }

    private static String alias(ObjectNode body) {
        String alias = RequestFields.optionalText(body, "alias", 64);
        if (alias == null) return null;
        alias = alias.strip();
        if (alias.isEmpty()) throw RequestFields.bad("'alias' must not be blank");
        if (alias.chars().anyMatch(Character::isISOControl)) throw RequestFields.bad("'alias' must not contain control characters");
        return alias;
    }

    /** The base URL asked for, if it is well formed and on a host {@code provider}'s keys may be sent to. */
    private URI baseUrl(ObjectNode body) {
        String raw = RequestFields.optionalText(body, "base_url", 2048);
        if (raw == null) return null;
        try {
            return guard.checkBaseUrl(raw);
        } catch (UpstreamRefusedException e) {
            throw new ApiException(ApiError.badRequest("upstream_refused", e.getMessage()));
        }
    }

    /**
     * The base URL when {@code provider}'s keys may be sent there. Without one of its own a key goes to
     * the provider's usual address, which must be allowed too: a self-hosted server's is a private one.
     */
    private URI allowed(Provider provider, URI base) {
        URI destination = base == null ? provider.baseUrl() : base;
        try {
            guard.checkDestination(provider, destination);
        } catch (BaseUrlNotAllowedException e) {
            throw new ApiException(ApiError.unprocessable("base_url_not_allowed", e.getMessage() + "; nothing was stored or sent"));
        }
        return base;
    }

    private static Map<String, String> headers(ObjectNode body, Provider provider) {
        JsonNode node = body.get("headers");
        if (node == null || node.isNull()) return Map.of();
        if (!node.isObject()) throw RequestFields.bad("'headers' must be an object of header name to value");
        Map<String, String> headers = new LinkedHashMap<>();
        var allowed = provider.headersAllowed().stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        node.fields().forEachRemaining(e -> {
            String name = e.getKey();
            if (!allowed.contains(name.toLowerCase(Locale.ROOT))) {
                throw RequestFields.bad("header '" + name + "' cannot be set for " + provider.id()
                        + (allowed.isEmpty() ? " (it takes no extra headers)" : "; allowed: " + String.join(", ", provider.headersAllowed())));
            }
            if (!e.getValue().isTextual() || e.getValue().asText().length() > 256
                    || e.getValue().asText().chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
                throw RequestFields.bad("header '" + name + "' must be a single-line string of at most 256 characters");
            }
            headers.put(name, e.getValue().asText());
        });
        return headers;
    }

    private static List<String> scope(ObjectNode body) {
        JsonNode node = body.get("scope");
        if (node == null || node.isNull()) return List.of();
        if (!node.isArray()) throw RequestFields.bad("'scope' must be an array of API key ids");
        List<String> ids = new ArrayList<>();
        for (JsonNode id : node) {
            if (!id.isTextual() || id.asText().isBlank()) throw RequestFields.bad("'scope' must contain API key ids (strings)");
            ids.add(id.asText());
        }
        return List.copyOf(ids);
    }

    private UpstreamTarget target(Provider provider, URI baseUrl, Secret key, Map<String, String> headers) {
        return new UpstreamTarget(provider, baseUrl == null ? provider.baseUrl() : baseUrl, key, headers);
    }

    private static int orDefault(Integer value, int fallback) {
        return value == null ? fallback : value;
    }
}
