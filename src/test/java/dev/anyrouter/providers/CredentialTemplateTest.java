package dev.anyrouter.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class CredentialTemplateTest {
    private static final ProviderCatalog CATALOG = ProviderCatalog.loadDefault();

    private static final CredentialTemplate CLOUDFLARE = new CredentialTemplate(
            "https://api.cloudflare.com/client/v4/accounts/{account_id}/ai/v1",
            List.of(new CredentialField("account_id", "Account ID", "", Pattern.compile("[0-9a-f]{32}"), Map.of(), null, false)));

    @Test
    void aTypedFieldFillsItsPlaceholder() {
        assertThat(CLOUDFLARE.resolve(Map.of("account_id", "0123456789abcdef0123456789abcdef")))
                .isEqualTo(URI.create("https://api.cloudflare.com/client/v4/accounts/0123456789abcdef0123456789abcdef/ai/v1"));
    }

    @Test
    void aRequiredFieldMustBeGivenAndMatchItsRule() {
        assertThatThrownBy(() -> CLOUDFLARE.resolve(Map.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'account_id' (Account ID) is required");
        assertThatThrownBy(() -> CLOUDFLARE.resolve(Map.of("account_id", "not-hex")))
                .hasMessageContaining("'account_id' (Account ID) must match [0-9a-f]{32}");
        assertThatThrownBy(() -> CLOUDFLARE.resolve(Map.of("account_id", "0123456789abcdef0123456789abcdef", "zone", "x")))
                .hasMessageContaining("'zone' is not a field of this provider's credential");
    }

    @Test
    void checkingGivenValuesHoldsEachToItsRuleButRequiresNone() {
        CLOUDFLARE.check(Map.of());
        CLOUDFLARE.check(Map.of("account_id", "0123456789abcdef0123456789abcdef"));
        assertThatThrownBy(() -> CLOUDFLARE.check(Map.of("account_id", "0123/../x")))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("'account_id' (Account ID) must match [0-9a-f]{32}");
        assertThatThrownBy(() -> CLOUDFLARE.check(Map.of("zone", "x")))
                .hasMessage("'zone' is not a field of this provider's credential");
    }

    @Test
    void noTypedValueCanMoveTheUrlElsewhereWhateverTheFieldsPattern() {
        CredentialTemplate loose = new CredentialTemplate("https://api.example.com/{project}/v1",
                List.of(new CredentialField("project", "Project", "", Pattern.compile(".+"), Map.of(), null, false)));
        for (String hostile : List.of("x/../../evil", "x@evil.example", "x?y=1", "x#frag", "evil.example:443/x", "a b")) {
            assertThatThrownBy(() -> loose.resolve(Map.of("project", hostile))).as(hostile)
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThat(loose.resolve(Map.of("project", "team-1.prod"))).isEqualTo(URI.create("https://api.example.com/team-1.prod/v1"));
    }

    @Test
    void theDefaultUrlShowsWhereARequiredValueGoes() {
        Provider cloudflare = CATALOG.find("cloudflare").orElseThrow();
        assertThat(cloudflare.baseUrl()).isEqualTo(URI.create("https://api.cloudflare.com/client/v4/accounts/ACCOUNT_ID/ai/v1"));
        assertThat(cloudflare.credential().fields()).extracting(CredentialField::name).containsExactly("account_id");
    }

    @Test
    void choicesPickTheDocumentedEndpoints() {
        Provider alibaba = CATALOG.find("alibaba").orElseThrow();
        assertThat(alibaba.baseUrl()).isEqualTo(URI.create("https://dashscope-intl.aliyuncs.com/compatible-mode/v1"));
        assertThat(alibaba.credential().resolve(Map.of("region", "beijing")))
                .isEqualTo(URI.create("https://dashscope.aliyuncs.com/compatible-mode/v1"));
        assertThat(alibaba.credential().resolve(Map.of("region", "us-virginia")))
                .isEqualTo(URI.create("https://dashscope-us.aliyuncs.com/compatible-mode/v1"));
        assertThatThrownBy(() -> alibaba.credential().resolve(Map.of("region", "mars")))
                .hasMessageContaining("must be one of singapore, us-virginia, beijing, hong-kong");

        Provider zai = CATALOG.find("zai").orElseThrow();
        assertThat(zai.baseUrl()).isEqualTo(URI.create("https://api.z.ai/api/paas/v4"));
        assertThat(zai.credential().resolve(Map.of("plan", "coding"))).isEqualTo(URI.create("https://api.z.ai/api/coding/paas/v4"));
        assertThat(CATALOG.find("moonshot").orElseThrow().credential().resolve(Map.of("region", "china")))
                .isEqualTo(URI.create("https://api.moonshot.cn/v1"));
    }

    @Test
    void everyUrlAFieldCanProduceIsOnTheProvidersOwnHosts() {
        for (Provider provider : CATALOG.all()) {
            if (provider.selfHosted()) continue;
            for (String url : provider.credential().choiceTexts()) {
                assertThat(provider.ownsHost(URI.create(url))).as("%s: %s", provider.id(), url).isTrue();
            }
        }
    }
}
