package dev.anyrouter.providers.cloud;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.vault.KeyMask;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * An Amazon Bedrock credential, bound to one region: a Bedrock API key ({@code {"api_key", "region"}},
 * sent as a bearer token) or IAM access keys ({@code {"access_key_id", "secret_access_key",
 * "session_token"?, "region"}}, each call signed with SigV4).
 */
public record BedrockCredential(String region, Auth auth) implements CloudCredential {
    static final String EXAMPLE = "{\"access_key_id\": \"AKIA…\", \"secret_access_key\": \"…\", \"region\": \"us-east-1\"}"
            + " or {\"api_key\": \"ABSK…\", \"region\": \"us-east-1\"}";
    /** AWS region names: {@code us-east-1}, {@code eu-central-2}, {@code us-gov-west-1}, {@code ap-southeast-5}. */
    static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-[0-9]{1,2}");
    private static final Pattern ACCESS_KEY_ID = Pattern.compile("[A-Z0-9]{8,128}");

    /** How calls are authenticated. */
    public sealed interface Auth {}

    /** A Bedrock API key, sent as {@code Authorization: Bearer}. */
    public record ApiKey(String key) implements Auth {
        @Override
        public String toString() {
            return "ApiKey[redacted]";
        }
    }

    /** IAM access keys; each call is signed with SigV4. */
    public record AccessKeys(String accessKeyId, String secretAccessKey, String sessionToken) implements Auth {
        @Override
        public String toString() {
            return "AccessKeys[" + accessKeyId + ", redacted]";
        }
    }

    static BedrockCredential parse(JsonNode node) {
        Fields f = Fields.of(node, "key");
        String region = f.required("region", REGION, "us-east-1");
        if (f.has("api_key")) {
            f.only(List.of("api_key", "region"));
            return new BedrockCredential(region, new ApiKey(f.secret("api_key", "ABSK…")));
        }
        if (!f.has("access_key_id") && !f.has("secret_access_key")) {
            throw new CredentialException("api_key", "or 'access_key_id' and 'secret_access_key' are required: " + EXAMPLE);
        }
        f.only(List.of("access_key_id", "secret_access_key", "session_token", "region"));
        return new BedrockCredential(region, new AccessKeys(f.required("access_key_id", ACCESS_KEY_ID, "AKIAIOSFODNN7EXAMPLE"),
                f.secret("secret_access_key", "wJalrXUtnFEMI/K7MDENG/…"), f.optional("session_token", "IQoJb3JpZ2lu…")));
    }

    @Override
    public Form form() {
        return Form.BEDROCK;
    }

    @Override
    public ObjectNode stored() {
        ObjectNode out = Json.object();
        switch (auth) {
            case ApiKey key -> out.put("api_key", key.key());
            case AccessKeys keys -> {
                out.put("access_key_id", keys.accessKeyId()).put("secret_access_key", keys.secretAccessKey());
                if (keys.sessionToken() != null) out.put("session_token", keys.sessionToken());
            }
        }
        return out.put("region", region);
    }

    @Override
    public ObjectNode shown() {
        ObjectNode out = Json.object().put("region", region);
        if (auth instanceof AccessKeys keys) out.put("access_key_id", keys.accessKeyId());
        return out;
    }

    @Override
    public List<String> secrets() {
        List<String> out = new ArrayList<>();
        switch (auth) {
            case ApiKey key -> out.add(key.key());
            case AccessKeys keys -> {
                out.add(keys.secretAccessKey());
                if (keys.sessionToken() != null) out.add(keys.sessionToken());
            }
        }
        return out;
    }

    @Override
    public String masked() {
        return switch (auth) {
            case ApiKey key -> KeyMask.mask(key.key());
            case AccessKeys keys -> keys.accessKeyId().substring(0, 4) + "…" + keys.accessKeyId().substring(keys.accessKeyId().length() - 4);
        };
    }
}
