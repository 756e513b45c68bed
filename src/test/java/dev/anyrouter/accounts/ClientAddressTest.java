package dev.anyrouter.accounts;

import dev.anyrouter.config.InvalidSettingsException;
import java.util.List;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientAddressTest {
    @Test
    void withoutTrustedProxiesForwardedForIsIgnored() {
        ClientAddress none = ClientAddress.trusting(List.of());
        assertThat(none.of("203.0.113.7", List.of("198.51.100.1"))).isEqualTo("203.0.113.7");
        assertThat(none.of("127.0.0.1", List.of("198.51.100.1"))).isEqualTo("127.0.0.1");
    }

    @Test
    void aTrustedProxysRightMostUntrustedHopIsTheClient() {
        ClientAddress proxy = ClientAddress.trusting(List.of("127.0.0.1", "10.0.0.0/8"));
        assertThat(proxy.of("127.0.0.1", List.of("198.51.100.1"))).isEqualTo("198.51.100.1");
        // The client wrote the left part itself; the proxies appended what they saw.
        assertThat(proxy.of("127.0.0.1", List.of("6.6.6.6, 198.51.100.1, 10.1.2.3"))).isEqualTo("198.51.100.1");
        assertThat(proxy.of("127.0.0.1", List.of("6.6.6.6", "198.51.100.1"))).isEqualTo("198.51.100.1");
        assertThat(proxy.of("127.0.0.1", List.of())).isEqualTo("127.0.0.1");
        assertThat(proxy.of("127.0.0.1", List.of("not-an-address"))).isEqualTo("127.0.0.1");
        assertThat(proxy.of("10.0.0.1", List.of("10.0.0.2"))).as("every hop trusted").isEqualTo("10.0.0.2");
    }

    @Test
    void anUntrustedPeerCannotClaimAnotherAddress() {
        ClientAddress proxy = ClientAddress.trusting(List.of("10.0.0.0/8"));
        assertThat(proxy.of("203.0.113.7", List.of("198.51.100.1"))).isEqualTo("203.0.113.7");
        assertThat(proxy.of("11.0.0.1", List.of("198.51.100.1"))).isEqualTo("11.0.0.1");
    }

    @Test
    void cidrBlocksMatchByPrefixOnBothFamilies() {
        ClientAddress proxies = ClientAddress.trusting(List.of("192.168.4.0/22", "fd00::/8"));
        assertThat(proxies.of("192.168.7.255", List.of("1.2.3.4"))).isEqualTo("1.2.3.4");
        assertThat(proxies.of("192.168.8.0", List.of("1.2.3.4"))).isEqualTo("192.168.8.0");
        assertThat(proxies.of("fd12:3456::1", List.of("2001:db8::5"))).isEqualTo("2001:db8::5");
        assertThat(proxies.of("fe80::1", List.of("2001:db8::5"))).isEqualTo("fe80::1");
    }

    @Test
    void anEntryThatIsNoAddressStopsStartUpNamingIt() {
        assertThatThrownBy(() -> ClientAddress.trusting(List.of("proxy.example.com")))
                .isInstanceOf(InvalidSettingsException.class).hasMessageContaining("'proxy.example.com'");
        assertThatThrownBy(() -> ClientAddress.trusting(List.of("10.0.0.0/33"))).hasMessageContaining("prefix outside 0 to 32");
        assertThatThrownBy(() -> ClientAddress.trusting(List.of("10.0.0.0/x"))).hasMessageContaining("prefix");
    }
}
