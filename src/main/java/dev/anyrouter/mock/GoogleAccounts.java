package dev.anyrouter.mock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Google Cloud service accounts as the mock knows them, written from Google's OAuth 2.0 for
 * server-to-server applications: {@link #create} makes a key (the JSON file the console would
 * download, its {@code token_uri} the mock's), {@link #grant} takes the JWT-bearer grant (an RS256
 * assertion whose {@code iss} is the account, {@code aud} Google's token URI or the key file's own
 * {@code token_uri} (Google's auth library names Google's whatever the file says), {@code scope} what is asked,
 * {@code iat}/{@code exp} at most an hour apart and current) and mints an access token valid for
 * an hour; {@link #who} tells the account behind a bearer token. A revoked key is refused
 * ({@code invalid_grant}); revoked tokens stop working. Thread-safe.
 */
final class GoogleAccounts {
    /** What the token endpoint answered: a status and Google's JSON. */
    record Answer(int status, ObjectNode body) {}

    private record Minted(String email, Instant expires) {}

    /** The audience Google's own token endpoint is named by in an assertion. */
    private static final String GOOGLE_TOKEN_URI = "https://oauth2.googleapis.com/token";

    private final JsonCodec json;
    private final Clock clock;
    private final Ids ids;
    private final Map<String, PublicKey> keys = new ConcurrentHashMap<>();
    private final Map<String, Minted> tokens = new ConcurrentHashMap<>();
    private final Map<String, Integer> grants = new ConcurrentHashMap<>();

    GoogleAccounts(JsonCodec json, Clock clock, Ids ids) {
        this.json = json;
        this.clock = clock;
        this.ids = ids;
    }

    /** A new service account's key file, whose grants go to {@code tokenUri}. */
    ObjectNode create(String project, String name, String tokenUri) {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(2048);
            pair = generator.generateKeyPair();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String email = name + "@" + project + ".iam.gserviceaccount.com";
        keys.put(email, pair.getPublic());
        String pem = "-----BEGIN PRIVATE KEY-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(pair.getPrivate().getEncoded()) + "\n-----END PRIVATE KEY-----\n";
        return json.object().put("type", "service_account").put("project_id", project).put("private_key_id", ids.hex(40))
                .put("private_key", pem).put("client_email", email).put("client_id", ids.between(100000000, 999999999) + "")
                .put("auth_uri", "https://accounts.google.com/o/oauth2/auth").put("token_uri", tokenUri)
                .put("universe_domain", "googleapis.com");
    }

    /** The JWT-bearer grant at {@code tokenUri} (an {@code aud} the assertion may name beside Google's). */
    Answer grant(String form, String tokenUri) {
        Map<String, String> fields = new java.util.HashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) fields.put(decode(pair.substring(0, eq)), decode(pair.substring(eq + 1)));
        }
        if (!"urn:ietf:params:oauth:grant-type:jwt-bearer".equals(fields.get("grant_type"))) {
            return error(400, "unsupported_grant_type", "Invalid grant_type: " + fields.get("grant_type"));
        }
        String[] parts = fields.getOrDefault("assertion", "").split("\\.");
        if (parts.length != 3) return error(400, "invalid_grant", "Invalid JWT: Token must be a short-lived token and in a reasonable timeframe");
        JsonNode header;
        JsonNode claims;
        try {
            header = json.mapper().readTree(Base64.getUrlDecoder().decode(parts[0]));
            claims = json.mapper().readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (Exception e) {
            return error(400, "invalid_grant", "Invalid JWT Signature.");
        }
        String email = claims.path("iss").asText();
        PublicKey key = keys.get(email);
        if (!"RS256".equals(header.path("alg").asText()) || key == null || !verifies(key, parts)) {
            return error(400, "invalid_grant", "Invalid JWT Signature.");
        }
        long now = clock.instant().getEpochSecond();
        long iat = claims.path("iat").asLong();
        long exp = claims.path("exp").asLong();
        if (exp - iat > 3600 || exp < now || iat > now + 300) {
            return error(400, "invalid_grant", "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable timeframe."
                    + " Check your iat and exp values in the JWT claim.");
        }
        String aud = claims.path("aud").asText();
        if (!GOOGLE_TOKEN_URI.equals(aud) && !tokenUri.equals(aud)) return error(400, "invalid_grant", "Invalid JWT: audience");
        if (!claims.path("scope").asText("").contains("https://www.googleapis.com/auth/cloud-platform")) {
            return error(400, "invalid_scope", "Invalid OAuth scope or ID token audience provided.");
        }
        String token = "ya29.mock-" + ids.alphanumeric(64);
        tokens.put(token, new Minted(email, clock.instant().plusSeconds(3600)));
        grants.merge(email, 1, Integer::sum);
        return new Answer(200, json.object().put("access_token", token).put("expires_in", 3599).put("token_type", "Bearer"));
    }

    /** The account a bearer token was minted for while it is valid, else null. */
    String who(String token) {
        Minted minted = token == null ? null : tokens.get(token);
        return minted != null && minted.expires().isAfter(clock.instant()) ? minted.email() : null;
    }

    /** Ends the account's tokens, and with {@code key} its key too (grants are then refused). */
    void revoke(String email, boolean key) {
        tokens.values().removeIf(m -> m.email().equals(email));
        if (key) keys.remove(email);
    }

    /** How many tokens were granted to the account. */
    int grants(String email) {
        return grants.getOrDefault(email, 0);
    }

    /** The tokens minted for the account that it still holds (a test scans for them where they must never be). */
    java.util.List<String> tokens(String email) {
        return tokens.entrySet().stream().filter(e -> e.getValue().email().equals(email)).map(Map.Entry::getKey).sorted().toList();
    }

    private static boolean verifies(PublicKey key, String[] parts) {
        try {
            Signature rs256 = Signature.getInstance("SHA256withRSA");
            rs256.initVerify(key);
            rs256.update((parts[0] + "." + parts[1]).getBytes(StandardCharsets.US_ASCII));
            return rs256.verify(Base64.getUrlDecoder().decode(parts[2]));
        } catch (Exception e) {
            return false;
        }
    }

    private Answer error(int status, String error, String description) {
        return new Answer(status, json.object().put("error", error).put("error_description", description));
    }

    private static String decode(String text) {
        return java.net.URLDecoder.decode(text, StandardCharsets.UTF_8);
    }
}
