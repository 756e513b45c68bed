package dev.anyrouter.byok;

import com.fasterxml.jackson.databind.JsonNode;
import dev.anyrouter.protocol.ApiError;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.protocol.RequestFields;
import dev.anyrouter.providers.CredentialField;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.cloud.CloudCredential;
import dev.anyrouter.providers.cloud.CredentialEdits;
import dev.anyrouter.providers.cloud.CredentialException;
import dev.anyrouter.vault.KeyMask;
import dev.anyrouter.vault.Secret;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A credential as a client sends it in {@code key}: the provider's key alone ({@code "sk-…"}), or, for a
 * provider whose catalog row names fields beyond the key, an object of them with the key as
 * {@code api_key} ({@code {"api_key": "…", "account_id": "…"}}), or that object's JSON text. The fields
 * are checked against the row's {@code credential:} list and pick the provider's URL; the key is held as
 * a {@link Secret} and never echoed, not even in part, by a refusal.
 *
 * <p>The clouds (Azure, Bedrock, Vertex: {@code auth: structured}) take a structured credential
 * instead, read by its own form ({@link CloudCredential.Form}: several secret fields, other forms
 * users already paste elsewhere, a service-account file); it is sealed whole as its JSON, its URL
 * comes from its fields at call time, and only its masked form and non-secret fields are shown.
 *
 * @param secret the key itself ({@link Provider#NO_KEY} for a self-hosted server that takes none), or a
 *     cloud credential's JSON
 * @param fields the named fields given, each one of the row's (none for a cloud credential)
 * @param masked what the key is listed as
 */
public record ProviderCredential(Secret secret, Map<String, String> fields, String masked) {
    /** The name of the key itself inside a {@code key} object. */
    public static final String KEY_FIELD = "api_key";
    private static final int MAX_FIELD_LENGTH = 256;
    /** A cloud credential's JSON (a service-account file is about 2.4 KB). */
    private static final int MAX_CLOUD_CREDENTIAL = 32_768;

    public ProviderCredential {
        fields = Map.copyOf(fields);
    }

    /**
     * Reads {@code key} (the request's field, absent or null for a self-hosted server's key-less credential).
     *
     * @throws RuntimeException a 400 naming what is wrong (see {@link RequestFields#bad}), which never
     *     contains the key
     */
    public static ProviderCredential parse(Provider provider, JsonNode key, int maxKeyLength) {
        if (provider.credentialForm().isPresent()) return cloud(provider, key);
        if (key != null && key.isTextual() && !provider.credential().fields().isEmpty() && key.asText().strip().startsWith("{")) {
            key = objectText(provider, key.asText());
        }
        if (key != null && key.isObject()) return fromObject(provider, key, maxKeyLength);
        if (key != null && !key.isNull() && !key.isTextual()) {
            throw RequestFields.bad("'key' must be the provider's key (a string)"
                    + (provider.credential().fields().isEmpty() ? "" : " or an object of " + String.join(", ", names(provider))));
        }
        return of(secret(provider, key == null || key.isNull() ? null : key.asText(), maxKeyLength), Map.of());
    }

    /**
     * Where this credential's key goes: the key's own {@code base_url} when it has one (a proxy), else
     * the URL its fields pick. The fields are checked either way; a required one only when they pick the
     * URL. Null for a provider without fields and no {@code base_url} (its catalog URL).
     *
     * @throws RuntimeException a 400 naming the field that is missing or refused
     */
    public URI baseUrl(Provider provider, URI given) {
        try {
            if (given != null) {
                provider.credential().check(fields);
                return given;
            }
            return provider.credential().fields().isEmpty() ? null : provider.credential().resolve(fields);
        } catch (IllegalArgumentException e) {
            throw RequestFields.bad("'key' for " + provider.name() + ": " + e.getMessage());
        }
    }

    private static ProviderCredential of(Secret secret, Map<String, String> fields) {
        return new ProviderCredential(secret, fields, Provider.NO_KEY.equals(secret.reveal()) ? "no key" : KeyMask.mask(secret.reveal()));
    }

    /**
     * A cloud's structured credential, read from any form it accepts; a mistake is a 400
     * {@code invalid_credential} naming the field, whose message never holds a value the user gave.
     */
    private static ProviderCredential cloud(Provider provider, JsonNode key) {
        if (key != null && (key.isTextual() ? key.asText().length() : Json.bytes(key).length) > MAX_CLOUD_CREDENTIAL) {
            throw RequestFields.bad("'key' is longer than " + MAX_CLOUD_CREDENTIAL + " characters");
        }
        CloudCredential credential;
        try {
            credential = provider.credentialForm().orElseThrow().parse(key);
        } catch (CredentialException e) {
            throw invalid(provider, e, "key");
        }
        return new ProviderCredential(sealedText(credential), Map.of(), credential.masked());
    }

    /**
     * A stored cloud credential ({@code opened}) with the fields of {@code change} applied (see
     * {@link CredentialEdits}), as the text it is to be sealed as; empty when nothing changes.
     *
     * @throws RuntimeException a 400 {@code invalid_credential} naming the field that cannot be changed or is wrong
     */
    public static Optional<Secret> edited(Provider provider, Secret opened, JsonNode change) {
        CloudCredential.Form form = provider.credentialForm().orElseThrow();
        try {
            CloudCredential current = CloudCredential.open(form, opened.reveal());
            CloudCredential next = CredentialEdits.apply(current, change);
            return next.stored().equals(current.stored()) ? Optional.empty() : Optional.of(sealedText(next));
        } catch (CredentialException e) {
            throw invalid(provider, e, "credential");
        }
    }

    private static Secret sealedText(CloudCredential credential) {
        return Secret.of(new String(Json.bytes(credential.stored()), StandardCharsets.UTF_8));
    }

    /**
     * The refusal of a cloud credential, with the field at fault as the error's {@code param}
     * ({@code key.region}, {@code credential.deployments}), by which the dialog marks that input.
     */
    private static ApiException invalid(Provider provider, CredentialException e, String requestField) {
        // An edit reads the whole stored credential again, whose Azure resources it names key[0], key[1]….
        String field = requestField.equals("credential") && e.field().startsWith("key[") ? "resources" + e.field().substring(3) : e.field();
        String param = field.equals(requestField) || field.startsWith(requestField + ".") || field.startsWith(requestField + "[")
                ? field : field.startsWith("[") ? requestField + field : requestField + "." + field;
        return new ApiException(new ApiError(400, ApiError.typeFor(400), "invalid_credential",
                provider.name() + " credential: " + e.getMessage(), param));
    }

    private static ProviderCredential fromObject(Provider provider, JsonNode key, int maxKeyLength) {
        Map<String, String> fields = new LinkedHashMap<>();
        String secret = null;
        for (var entry : key.properties()) {
            String name = entry.getKey();
            boolean known = name.equals(KEY_FIELD)
                    || provider.credential().fields().stream().map(CredentialField::name).anyMatch(name::equals);
            if (!known) {
                // A name is echoed only when it reads as a field name: a pasted secret used as one is not.
                String named = name.matches("[a-z][a-z0-9_]{0,31}") ? "'key." + name + "'" : "a field of 'key'";
                throw RequestFields.bad(named + " is not part of a " + provider.name() + " credential; it takes "
                        + String.join(", ", names(provider)));
            }
            if (!entry.getValue().isTextual()) throw RequestFields.bad("'key." + name + "' must be a string");
            if (name.equals(KEY_FIELD)) {
                secret = entry.getValue().asText();
            } else {
                if (entry.getValue().asText().length() > MAX_FIELD_LENGTH) {
                    throw RequestFields.bad("'key." + name + "' is longer than " + MAX_FIELD_LENGTH + " characters");
                }
                fields.put(name, entry.getValue().asText());
            }
        }
        return of(secret(provider, secret, maxKeyLength), fields);
    }

    /** The object a JSON text stands for; a text that does not parse is refused without a word of it. */
    private static JsonNode objectText(Provider provider, String text) {
        JsonNode parsed;
        try {
            parsed = Json.parse(text.getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException e) {
            // The parser's message quotes the text, which holds the key: say only what to do.
            parsed = null;
        }
        if (parsed == null || !parsed.isObject()) {
            throw RequestFields.bad("'key' looks like JSON but is not a JSON object; send the " + provider.name()
                    + " credential as an object of " + String.join(", ", names(provider)));
        }
        return parsed;
    }

    private static Secret secret(Provider provider, String raw, int maxKeyLength) {
        String key = raw == null ? "" : raw.strip();
        if (key.isEmpty()) {
            if (provider.keyOptional()) return Secret.of(Provider.NO_KEY);
            throw RequestFields.bad("'key' is required: paste your " + provider.name() + " key");
        }
        if (key.length() > maxKeyLength) throw RequestFields.bad("'key' is longer than any provider key (" + maxKeyLength + " characters)");
        if (key.chars().anyMatch(c -> c < 0x21 || c > 0x7e)) {
            throw RequestFields.bad("'key' contains spaces or characters no provider key has; paste the key alone");
        }
        return Secret.of(key);
    }

    private static List<String> names(Provider provider) {
        List<String> names = new ArrayList<>();
        names.add(KEY_FIELD);
        provider.credential().fields().forEach(f -> names.add(f.name()));
        return names;
    }

    @Override
    public String toString() {
        return "ProviderCredential[fields=" + fields + ", masked=" + masked + "]";
    }
}
