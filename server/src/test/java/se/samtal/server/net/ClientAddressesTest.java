package se.samtal.server.net;

import io.netty.handler.codec.http.DefaultHttpHeaders;
import org.junit.jupiter.api.Test;
import se.samtal.server.config.HttpConfig;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** Where a request came from: the connection, unless it comes from a trusted proxy whose header names the client. */
class ClientAddressesTest {

    private static HttpConfig config(String header, List<String> proxies) {
        return new HttpConfig(null, null, null, null, header, proxies, null, null, null, null);
    }

    private static InetSocketAddress peer(String address) throws Exception {
        return new InetSocketAddress(InetAddress.getByName(address), 40000);
    }

    private static DefaultHttpHeaders forwarded(String value) {
        var headers = new DefaultHttpHeaders();
        headers.add("X-Forwarded-For", value);
        return headers;
    }

    @Test
    void withoutAConfiguredHeaderAForwardingHeaderIsIgnored() throws Exception {
        var addresses = new ClientAddresses(config(null, List.of()));
        var address = addresses.resolve(peer("192.0.2.10"), forwarded("198.51.100.7"));
        assertThat(address.address().getHostAddress()).isEqualTo("192.0.2.10");
    }

    @Test
    void theHeaderIsBelievedOnlyFromATrustedProxyAndTheRightMostUntrustedHopIsTheClient() throws Exception {
        var addresses = new ClientAddresses(config("X-Forwarded-For", List.of("10.0.0.0/8")));
        assertThat(addresses.resolve(peer("10.0.0.5"), forwarded("203.0.113.9, 198.51.100.7, 10.0.0.7"))
                .address().getHostAddress()).as("a client cannot prepend an address of its choice").isEqualTo("198.51.100.7");
        assertThat(addresses.resolve(peer("192.0.2.10"), forwarded("198.51.100.7")).address().getHostAddress())
                .as("not from the proxy").isEqualTo("192.0.2.10");
        assertThat(addresses.resolve(peer("10.0.0.5"), forwarded("not-an-address")).address().getHostAddress())
                .as("a hop that is not an address is not believed").isEqualTo("10.0.0.5");
        assertThat(addresses.resolve(peer("10.0.0.5"), new DefaultHttpHeaders()).address().getHostAddress()).isEqualTo("10.0.0.5");
    }

    @Test
    void aSingleValueHeaderNamesTheClient() throws Exception {
        var addresses = new ClientAddresses(config("X-Real-IP", List.of("127.0.0.1")));
        var headers = new DefaultHttpHeaders().add("X-Real-IP", "2001:db8:1:2::7");
        var address = addresses.resolve(peer("127.0.0.1"), headers);
        assertThat(address.limitKey()).as("IPv6 counts per /64").isEqualTo("2001:db8:1:2::/64");
        assertThat(address.network()).isEqualTo("2001:db8:1::/48");
        assertThat(address.addressClass()).isEqualTo("public");
    }

    @Test
    void anAddressLeavesOnlyAsItsClassAndNetwork() throws Exception {
        var address = ClientAddresses.of(peer("192.168.4.17"));
        assertThat(address.addressClass()).isEqualTo("private");
        assertThat(address.network()).isEqualTo("192.168.4.0/24");
        assertThat(address.toString()).doesNotContain("192.168");
        assertThat(ClientAddresses.of(peer("127.0.0.3")).addressClass()).isEqualTo("loopback");
        assertThat(ClientAddresses.of(peer("100.64.1.1")).addressClass()).isEqualTo("private");
    }
}
