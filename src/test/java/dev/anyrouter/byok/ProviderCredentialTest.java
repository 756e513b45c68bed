package dev.anyrouter.byok;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.anyrouter.protocol.ApiException;
import dev.anyrouter.protocol.Json;
import dev.anyrouter.providers.Provider;
import dev.anyrouter.providers.ProviderCatalog;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * How the {@code key} of a create request is read: a plain key, or an object (or its JSON text) of the
 * key and the provider's named fields; which URL those fields pick; and that no refusal quotes the key.
 */
class ProviderCredentialTest {
    private static final ProviderCatalog CATALOG = ProviderCatalog.loadDefault();
    private static final Provider CLOUDFLARE = CATALOG.find("cloudflare").orElseThrow();
    private static final Provider ALIBABA = CATALOG.find("alibaba").orElseThrow();
    private static final Provider GROQ = CATALOG.find("groq").orElseThrow();
    private static final Provider VLLM = CATALOG.find("vllm").orElseThrow();
    private static final String SECRET = "cf-secret-token-0123456789";
    private static final String ACCOUNT = "0123456789abcdef0123456789abcdef";

    private static JsonNode json(String text) {
        return Json.parse(text.getBytes(StandardCharsets.UTF_8));
    }

    private static ProviderCredential parse(Provider provider, String keyJson) {
        return ProviderCredential.parse(provider, keyJson == null ? null : json(keyJson), 4096);
    }

    /** The 400 message of a refused credential, checked not to contain the secret. */
    private static String refusal(Provider provider, String keyJson) {
        return refusal(provider, keyJson, null);
    }

    private static String refusal(Provider provider, String keyJson, URI baseUrl) {
        try {
            parse(provider, keyJson).baseUrl(provider, baseUrl);
        } catch (ApiException e) {
            assertThat(e.error().status()).isEqualTo(400);
            assertThat(e.error().message()).doesNotContain(SECRET).doesNotContain(SECRET.substring(SECRET.length() - 8));
            return e.error().message();
        }
        throw new AssertionError("accepted: " + keyJson);
    }

    @Test
    void aPlainKeyIsTheWholeCredentialOfAProviderWithoutFields() {
        ProviderCredential credential = parse(GROQ, "\"  gsk_abc123  \"");
        assertThat(credential.secret().reveal()).isEqualTo("gsk_abc123");
        assertThat(credential.fields()).isEmpty();
        assertThat(credential.baseUrl(GROQ, null)).as("the catalog's own URL").isNull();
        assertThat(credential.toString()).doesNotContain("gsk_abc123");
    }

    @Test
    void namedFieldsPickTheProvidersUrlAndTheKeyGoesAsApiKey() {
        ProviderCredential credential = parse(CLOUDFLARE, "{\"api_key\":\"" + SECRET + "\",\"account_id\":\"" + ACCOUNT + "\"}");
        assertThat(credential.secret().reveal()).isEqualTo(SECRET);
        assertThat(credential.fields()).containsExactly(Map.entry("account_id", ACCOUNT));
        assertThat(credential.baseUrl(CLOUDFLARE, null))
                .isEqualTo(URI.create("https://api.cloudflare.com/client/v4/accounts/" + ACCOUNT + "/ai/v1"));
        assertThat(credential.toString()).doesNotContain(SECRET);

        assertThat(parse(ALIBABA, "{\"api_key\":\"sk-1\",\"region\":\"beijing\"}").baseUrl(ALIBABA, null))
                .isEqualTo(URI.create("https://dashscope.aliyuncs.com/compatible-mode/v1"));
        assertThat(parse(ALIBABA, "\"sk-1\"").baseUrl(ALIBABA, null)).as("an optional field at its default")
                .isEqualTo(URI.create("https://dashscope-intl.aliyuncs.com/compatible-mode/v1"));
    }

    @Test
    void theObjectMayComeAsItsJsonText() {
        String text = "{\"api_key\":\"" + SECRET + "\",\"account_id\":\"" + ACCOUNT + "\"}";
        ProviderCredential credential = ProviderCredential.parse(CLOUDFLARE, TextNode.valueOf(text), 4096);
        assertThat(credential.secret().reveal()).isEqualTo(SECRET);
        assertThat(credential.fields()).containsEntry("account_id", ACCOUNT);
    }

    @Test
    void aKeysOwnBaseUrlStandsInForTheFieldsWhichMustStillBeRight() {
        URI proxy = URI.create("https://gateway.example.com/v1");
        assertThat(parse(CLOUDFLARE, "\"" + SECRET + "\"").baseUrl(CLOUDFLARE, proxy)).as("no account id needed behind a proxy")
                .isEqualTo(proxy);
        assertThat(refusal(CLOUDFLARE, "{\"api_key\":\"" + SECRET + "\",\"account_id\":\"nope\"}", proxy))
                .contains("'account_id' (Account ID) must match [0-9a-f]{32}");
    }

    @Test
    void eachMistakeIsNamedWithoutAWordOfTheKey() {
        assertThat(refusal(CLOUDFLARE, "\"" + SECRET + "\"")).isEqualTo("'key' for Cloudflare Workers AI: 'account_id' (Account ID) is required");
        assertThat(refusal(CLOUDFLARE, "{\"api_key\":\"" + SECRET + "\",\"account_id\":\"not-hex\"}"))
                .contains("'account_id' (Account ID) must match [0-9a-f]{32}");
        assertThat(refusal(ALIBABA, "{\"api_key\":\"" + SECRET + "\",\"region\":\"mars\"}"))
                .contains("'region' (Region) must be one of singapore, us-virginia, beijing, hong-kong");
        assertThat(refusal(ALIBABA, "{\"api_key\":\"" + SECRET + "\",\"base_url\":\"https://evil.example\"}"))
                .isEqualTo("'key.base_url' is not part of a Alibaba Model Studio (Qwen) credential; it takes api_key, region");
        assertThat(refusal(ALIBABA, "{\"" + SECRET + "\":\"x\"}")).as("a secret pasted as a field name is not quoted")
                .startsWith("a field of 'key' is not part of");
        assertThat(refusal(ALIBABA, "{\"api_key\":\"" + SECRET + "\",\"region\":7}")).isEqualTo("'key.region' must be a string");
        assertThat(refusal(ALIBABA, "{\"region\":\"beijing\"}")).isEqualTo("'key' is required: paste your Alibaba Model Studio (Qwen) key");
        assertThat(refusal(GROQ, null)).isEqualTo("'key' is required: paste your Groq key");
        assertThat(refusal(GROQ, "{\"api_key\":\"" + SECRET + "\",\"region\":\"x\"}"))
                .isEqualTo("'key.region' is not part of a Groq credential; it takes api_key");
        assertThat(refusal(GROQ, "[\"" + SECRET + "\"]")).isEqualTo("'key' must be the provider's key (a string)");
        assertThat(refusal(GROQ, "\"" + SECRET + " " + SECRET + "\"")).contains("contains spaces");
        assertThat(refusal(ALIBABA, "{\"api_key\":\"" + SECRET + "\",\"region\":\"" + "x".repeat(300) + "\"}"))
                .isEqualTo("'key.region' is longer than 256 characters");
    }

    @Test
    void aJsonTextThatDoesNotParseIsRefusedWithoutQuotingIt() throws Exception {
        String broken = "{\"api_key\":\"" + SECRET + "\", account_id: }";
        assertThat(refusal(CLOUDFLARE, Json.MAPPER.writeValueAsString(broken), null)).isEqualTo("'key' looks like JSON but is not a JSON object; send the Cloudflare Workers AI credential as an object"
                        + " of api_key, account_id");
    }

    @Test
    void aSelfHostedServerMayTakeNoKeyAndThenNoneIsSent() {
        for (String none : new String[] {null, "null", "\"\"", "\"   \""}) {
            assertThat(parse(VLLM, none).secret().reveal()).as(String.valueOf(none)).isEqualTo(Provider.NO_KEY);
        }
        assertThat(parse(VLLM, "\"token-1\"").secret().reveal()).isEqualTo("token-1");
    }
}
