package dev.anyrouter.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.anyrouter.providers.UpstreamAddressGuard.Destination;
import java.net.InetAddress;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class UpstreamAddressGuardTest {
    private static final ProviderCatalog CATALOG = ProviderCatalog.loadDefault();
    private static final Provider OPENAI = CATALOG.find("openai").orElseThrow();
    private static final Provider ZAI = CATALOG.find("zai").orElseThrow();

    private static UpstreamAddressGuard guard(boolean allowPrivate, String... answers) {
        return guard(allowPrivate, List.of(), answers);
    }

    private static UpstreamAddressGuard guard(boolean allowPrivate, List<String> operatorHosts, String... answers) {
        return new UpstreamAddressGuard(allowPrivate, operatorHosts.stream().map(HostPattern::parse).toList(), host -> {
            InetAddress[] out = new InetAddress[answers.length];
            for (int i = 0; i < answers.length; i++) out[i] = InetAddress.getByName(answers[i]);
            return out;
        }, Clock.systemUTC());
    }

    private static Destination destination(UpstreamAddressGuard guard, Provider provider, String url) {
        return guard.checkDestination(provider, guard.checkBaseUrl(url));
    }

    @Test
    void aProvidersOwnHostsAreItsDestinationsOverHttpsOnly() {
        UpstreamAddressGuard g = guard(false, "1.1.1.1");
        assertThat(destination(g, OPENAI, "https://api.openai.com/v1")).isEqualTo(Destination.PROVIDER);
        assertThat(destination(g, OPENAI, "https://eu.api.openai.com/v1/")).isEqualTo(Destination.PROVIDER);
        assertThat(destination(g, ZAI, "https://api.z.ai/api/coding/paas/v4")).isEqualTo(Destination.PROVIDER);
        assertThatThrownBy(() -> destination(g, OPENAI, "http://api.openai.com/v1"))
                .isInstanceOf(BaseUrlNotAllowedException.class).hasMessageContaining("https");
        assertThatThrownBy(() -> destination(guard(true, "127.0.0.1"), OPENAI, "http://api.openai.com/v1"))
                .as("private upstreams allowed or not, a provider's host is reached over https")
                .isInstanceOf(BaseUrlNotAllowedException.class);
    }

    @Test
    void anotherHostIsRefusedNamingItAndTheSettingThatWouldAllowIt() {
        for (boolean allowPrivate : new boolean[] {false, true}) {
            UpstreamAddressGuard g = guard(allowPrivate, "127.0.0.1");
            assertThatThrownBy(() -> destination(g, OPENAI, "https://attacker.example/v1"))
                    .isInstanceOf(BaseUrlNotAllowedException.class)
                    .hasMessageContaining("attacker.example").hasMessageContaining("api.openai.com")
                    .hasMessageContaining("--upstream-hosts attacker.example").hasMessageContaining("ANYROUTER_UPSTREAM_HOSTS");
            assertThatThrownBy(() -> destination(g, OPENAI, "https://api.openai.com.attacker.example:8443/v1"))
                    .hasMessageContaining("--upstream-hosts api.openai.com.attacker.example:8443");
            // Another provider's host is not this one's.
            assertThatThrownBy(() -> destination(g, OPENAI, "https://api.z.ai/api/paas/v4")).isInstanceOf(BaseUrlNotAllowedException.class);
        }
    }

    @Test
    void theOperatorsHostsAreAllowedForEveryProviderOnTheirPortOnly() {
        UpstreamAddressGuard g = guard(false, List.of("llm-proxy.example.com", "gpu.example.com:8443"), "1.1.1.1");
        assertThat(destination(g, OPENAI, "https://llm-proxy.example.com/v1")).isEqualTo(Destination.OPERATOR);
        assertThat(destination(g, ZAI, "https://gpu.example.com:8443/v4")).isEqualTo(Destination.OPERATOR);
        assertThatThrownBy(() -> destination(g, OPENAI, "https://gpu.example.com/v1")).isInstanceOf(BaseUrlNotAllowedException.class);
        assertThatThrownBy(() -> destination(g, OPENAI, "https://llm-proxy.example.com:444/v1"))
                .isInstanceOf(BaseUrlNotAllowedException.class);
        assertThatThrownBy(() -> destination(g, OPENAI, "http://llm-proxy.example.com:80/v1"))
                .as("plain http only with private upstreams allowed").hasMessageContaining("https");
        assertThat(destination(guard(true, List.of("llm-proxy.example.com:80"), "10.0.0.5"), OPENAI, "http://llm-proxy.example.com/v1"))
                .isEqualTo(Destination.OPERATOR);
    }

    @Test
    void privateHostsNeedAllowPrivateUpstreams() {
        for (String url : List.of("http://127.0.0.1:9090/v1", "http://localhost:11434/v1", "http://ollama:11434/v1",
                "http://[::1]:8000/v1", "http://10.1.2.3/v1", "https://vllm.svc.cluster.local/v1", "http://llm.internal/v1",
                "http://nas.home.arpa:8080/v1")) {
            assertThat(destination(guard(true, "127.0.0.1"), OPENAI, url)).as(url).isEqualTo(Destination.PRIVATE);
            assertThatThrownBy(() -> destination(guard(false, "127.0.0.1"), OPENAI, url)).as(url)
                    .isInstanceOf(BaseUrlNotAllowedException.class).hasMessageContaining("--allow-private-upstreams");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"attacker.example", "evil.com", "127.0.0.1.nip.io", "localhost.attacker.example", "8.8.8.8",
            "[2606:4700::1111]", "local", "internal.example.com"})
    void aPublicNameOrAddressIsNeverPrivate(String host) {
        if (host.equals("local")) {
            assertThat(UpstreamAddressGuard.isPrivateName(host)).as("one label: a local name").isTrue();
            return;
        }
        assertThat(UpstreamAddressGuard.isPrivateName(host)).isFalse();
    }

    @Test
    void aPublicNameThatResolvesToLoopbackIsStillNotAllowed() {
        UpstreamAddressGuard g = guard(true, "127.0.0.1");
        assertThatThrownBy(() -> g.checkDestination(OPENAI, "http", "localtest.example", 9999))
                .isInstanceOf(BaseUrlNotAllowedException.class);
    }

    @Test
    void refusesCredentialsQueriesAndOtherSchemesInBaseUrls() {
        UpstreamAddressGuard g = guard(true, "1.1.1.1");
        assertThatThrownBy(() -> g.checkBaseUrl("https://user:pw@api.example.com/v1")).hasMessageContaining("credentials");
        assertThatThrownBy(() -> g.checkBaseUrl("https://api.example.com/v1?x=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> g.checkBaseUrl("file:///etc/passwd")).isInstanceOf(UpstreamRefusedException.class);
        assertThatThrownBy(() -> g.checkBaseUrl("not a url")).isInstanceOf(UpstreamRefusedException.class);
        assertThat(g.checkBaseUrl("http://127.0.0.1:9000/v1/").toString()).isEqualTo("http://127.0.0.1:9000/v1");
    }

    @Test
    void refusesListedHostsThatResolveToAnyPrivateAddress() {
        for (String address : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "::1", "fd00::1", "fe80::1", "::ffff:10.0.0.1"}) {
            assertThatThrownBy(() -> guard(false, address).addressFor("api.openai.com", Destination.PROVIDER))
                    .as(address).isInstanceOf(UpstreamRefusedException.class).hasMessageContaining("private");
        }
        // One private answer among public ones is enough to refuse: rebinding hides in mixed answers.
        assertThatThrownBy(() -> guard(false, "1.1.1.1", "10.0.0.1").addressFor("api.openai.com", Destination.OPERATOR))
                .isInstanceOf(UpstreamRefusedException.class);
        assertThat(guard(true, "10.0.0.1").addressFor("api.openai.com", Destination.PROVIDER).getHostAddress()).isEqualTo("10.0.0.1");
    }

    @Test
    void aPrivateHostMustResolveToPrivateAddressesOnly() {
        assertThat(guard(true, "10.0.0.7").addressFor("ollama", Destination.PRIVATE).getHostAddress()).isEqualTo("10.0.0.7");
        assertThatThrownBy(() -> guard(true, "10.0.0.7", "93.184.216.34").addressFor("ollama", Destination.PRIVATE))
                .isInstanceOf(UpstreamRefusedException.class).hasMessageContaining("public address");
    }

    @Test
    void connectsToThePublicAddressItCheckedAndCachesIt() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        UpstreamAddressGuard g = new UpstreamAddressGuard(false, List.of(), host -> {
            lookups.incrementAndGet();
            return new InetAddress[] {InetAddress.getByName("104.18.6.192")};
        }, Clock.systemUTC());
        assertThat(g.addressFor("api.openai.com", Destination.PROVIDER).getHostAddress()).isEqualTo("104.18.6.192");
        assertThat(g.isCached("api.openai.com")).isTrue();
        g.addressFor("api.openai.com", Destination.PROVIDER);
        assertThat(lookups).hasValue(1);
    }
}
