package dev.anyrouter.providers;

import static org.assertj.core.api.Assertions.assertThat;

import io.vertx.core.net.SocketAddress;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;

class ServerAddressesTest {
    private final ServerAddresses servers = new ServerAddresses();

    @Test
    void buildsEachAddressOnceKeyedByTheIpTextAsBefore() throws Exception {
        InetAddress ip = InetAddress.getByAddress("api.example.test", new byte[] {93, (byte) 184, (byte) 215, 14});

        SocketAddress first = servers.of(ip, 443);

        assertThat(servers.of(InetAddress.getByAddress(new byte[] {93, (byte) 184, (byte) 215, 14}), 443)).isSameAs(first);
        assertThat(first).isEqualTo(SocketAddress.inetSocketAddress(443, "93.184.215.14"));
        assertThat(first.host()).isEqualTo("93.184.215.14");
        assertThat(first.hostAddress()).isEqualTo("93.184.215.14");
    }

    @Test
    void anotherPortOrIpIsAnotherAddress() throws Exception {
        InetAddress ip = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
        InetAddress other = InetAddress.getByAddress(new byte[] {127, 0, 0, 2});

        assertThat(servers.of(ip, 80)).isNotEqualTo(servers.of(ip, 81));
        assertThat(servers.of(other, 80)).isEqualTo(SocketAddress.inetSocketAddress(80, "127.0.0.2"));
    }

    @Test
    void aScopedIpv6AddressKeepsItsScope() throws Exception {
        byte[] linkLocal = InetAddress.getByName("fe80::1").getAddress();
        InetAddress one = java.net.Inet6Address.getByAddress(null, linkLocal, 1);
        InetAddress two = java.net.Inet6Address.getByAddress(null, linkLocal, 2);

        assertThat(servers.of(one, 80).host()).isEqualTo(one.getHostAddress());
        assertThat(servers.of(two, 80).host()).isEqualTo(two.getHostAddress());
    }
}
