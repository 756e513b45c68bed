package dev.anyrouter.providers;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.time.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class UpstreamAddressGuardTest {

    private static UpstreamAddressGuard guard(boolean allowPrivate, String... answers) {
        return new UpstreamAddressGuard(allowPrivate, host -> {
            InetAddress[] out = new InetAddress[answers.length];
            for (int i = 0; i < answers.length; i++) out[i] = InetAddress.getByName(answers[i]);
            return out;
        }, Clock.systemUTC());
    }

    @Test
    void refusesPlainHttpUnlessPrivateUpstreamsAreAllowed() {
        assertThatThrownBy(() -> guard(false, "1.1.1.1").checkBaseUrl("http://api.example.com/v1"))
                .isInstanceOf(UpstreamRefusedException.class).hasMessageContaining("https");
        assertThat(guard(true, "127.0.0.1").checkBaseUrl("http://127.0.0.1:9000/v1/").toString())
                .isEqualTo("http://127.0.0.1:9000/v1");
    }

    @Test
    void refusesCredentialsQueriesAndOtherSchemesInBaseUrls() {
        UpstreamAddressGuard g = guard(true, "1.1.1.1");
        assertThatThrownBy(() -> g.checkBaseUrl("https://user:pw@api.example.com/v1")).hasMessageContaining("credentials");
        assertThatThrownBy(() -> g.checkBaseUrl("https://api.example.com/v1?x=1")).hasMessageContaining("query");
        assertThatThrownBy(() -> g.checkBaseUrl("file:///etc/passwd")).isInstanceOf(UpstreamRefusedException.class);
        assertThatThrownBy(() -> g.checkBaseUrl("not a url")).isInstanceOf(UpstreamRefusedException.class);
    }

    @Test
    void refusesHostsThatResolveToAnyPrivateAddress() {
        for (String address : new String[] {"127.0.0.1", "10.1.2.3", "172.16.0.1", "192.168.1.1", "169.254.169.254",
                "100.64.0.1", "0.0.0.0", "::1", "fd00::1", "fe80::1", "::ffff:10.0.0.1"}) {
            assertThatThrownBy(() -> guard(false, address).addressFor("api.example.com"))
                    .as(address).isInstanceOf(UpstreamRefusedException.class).hasMessageContaining("private");
        }
        // One private answer among public ones is enough to refuse: rebinding hides in mixed answers.
        assertThatThrownBy(() -> guard(false, "1.1.1.1", "10.0.0.1").addressFor("api.example.com"))
                .isInstanceOf(UpstreamRefusedException.class);
    }

    @Test
    void connectsToThePublicAddressItCheckedAndCachesIt() throws Exception {
        AtomicInteger lookups = new AtomicInteger();
        UpstreamAddressGuard g = new UpstreamAddressGuard(false, host -> {
            lookups.incrementAndGet();
            return new InetAddress[] {InetAddress.getByName("104.18.6.192")};
        }, Clock.systemUTC());
        assertThat(g.addressFor("api.openai.com").getHostAddress()).isEqualTo("104.18.6.192");
        assertThat(g.isCached("api.openai.com")).isTrue();
        g.addressFor("api.openai.com");
        assertThat(lookups).hasValue(1);
    }
}
