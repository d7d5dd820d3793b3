package dev.bursar.internal.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressTest {

    private final ClientAddress address = new ClientAddress(List.of("10.0.0.0/8", "192.0.2.1", "2001:db8:ffff::/48"));

    private static MockHttpServletRequest request(String peer, String... forwardedFor) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(peer);
        for (String header : forwardedFor) {
            request.addHeader("X-Forwarded-For", header);
        }
        return request;
    }

    @ParameterizedTest(name = "peer {0}, X-Forwarded-For ''{1}'' -> {2}")
    @CsvSource(
            delimiter = '|',
            value = {
                // X-Forwarded-For counts only when a trusted proxy passed it on
                "198.51.100.9      | 203.0.113.5                              | 198.51.100.9",
                "10.1.2.3          |                                          | 10.1.2.3",
                "10.1.2.3          | 203.0.113.5                              | 203.0.113.5",
                "10.1.2.3          | 203.0.113.5, 10.9.9.9                    | 203.0.113.5",
                "192.0.2.1         | 1.2.3.4, 203.0.113.5                     | 203.0.113.5",
                "10.1.2.3          | 10.2.2.2, 10.3.3.3                       | 10.2.2.2",
                "10.1.2.3          | 203.0.113.5, , 10.9.9.9                  | 203.0.113.5",
                "2001:db8:ffff::1  | 203.0.113.5                              | 203.0.113.5",
                "10.1.2.3          | 203.0.113.5, ::ffff:10.9.9.9             | 203.0.113.5",
                // IPv6: one bucket per /64, whatever the spelling
                "10.1.2.3          | 2001:db8:1:2::1                          | 2001:db8:1:2::/64",
                "10.1.2.3          | 2001:0db8:0001:0002:0000:0000:0000:0001  | 2001:db8:1:2::/64",
                "10.1.2.3          | 2001:DB8:1:2:FFFF:FFFF:FFFF:FFFF         | 2001:db8:1:2::/64",
                "10.1.2.3          | 2001:db8:1:2:a:b:c:d                     | 2001:db8:1:2::/64",
                "10.1.2.3          | 2001:db8:1:2::198.51.100.1               | 2001:db8:1:2::/64",
                "10.1.2.3          | [2001:db8:1:2::5]                        | 2001:db8:1:2::/64",
                "10.1.2.3          | [2001:db8:1:2::5]:4711                   | 2001:db8:1:2::/64",
                "10.1.2.3          | 2001:db8:1:3::1                          | 2001:db8:1:3::/64",
                "10.1.2.3          | 2001:db8::1                              | 2001:db8::/64",
                "10.1.2.3          | 2001:0:0:1::1                            | 2001:0:0:1::/64",
                "10.1.2.3          | fe80::1%eth0                             | fe80::/64",
                "2001:db8:9:9::7   |                                          | 2001:db8:9:9::/64",
                "0:0:0:0:0:0:0:1   |                                          | ::/64",
                "2001:db8:ffff::1  | 2001:db8:1:2::1                          | 2001:db8:1:2::/64",
                // IPv4-mapped addresses count as their IPv4 address
                "10.1.2.3          | ::ffff:203.0.113.5                       | 203.0.113.5",
                "10.1.2.3          | ::FFFF:cb00:7105                         | 203.0.113.5",
                "10.1.2.3          | 0:0:0:0:0:ffff:203.0.113.5               | 203.0.113.5",
                "10.1.2.3          | 203.0.113.5:8080                         | 203.0.113.5",
                // Not an IP literal: the trusted hop that passed it on answers for it (no name is resolved)
                "10.1.2.3          | not-an-address                           | 10.1.2.3",
                "10.1.2.3          | localhost                                | 10.1.2.3",
                "10.1.2.3          | beef                                     | 10.1.2.3",
                "10.1.2.3          | unknown                                  | 10.1.2.3",
                "10.1.2.3          | 256.1.1.1                                | 10.1.2.3",
                "10.1.2.3          | 1.2.3                                    | 10.1.2.3",
                "10.1.2.3          | 2001:db8::1::2                           | 10.1.2.3",
                "10.1.2.3          | 203.0.113.5, not-an-address              | 10.1.2.3",
                "10.1.2.3          | not-an-address, 10.9.9.9                 | 10.9.9.9",
                "10.1.2.3          | 203.0.113.5, not-an-address, 10.9.9.9    | 10.9.9.9",
            })
    void clientAsRateLimitsCountIt(String peer, String forwardedFor, String client) {
        MockHttpServletRequest request = forwardedFor == null ? request(peer) : request(peer, forwardedFor);

        assertThat(address.of(request)).isEqualTo(client);
    }

    @Test
    void forwardedForHeadersAddedAsSeparateLinesCountInOrder() {
        // A proxy may add its own header line after the client's instead of appending to it.
        MockHttpServletRequest request = request("10.1.2.3", "198.51.100.66", "203.0.113.5");

        assertThat(address.of(request)).isEqualTo("203.0.113.5");
    }
}
