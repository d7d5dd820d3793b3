package dev.bursar.internal.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.mock.web.MockHttpServletRequest;

class ClientAddressTest {

    private final ClientAddress address = new ClientAddress(List.of("10.0.0.0/8", "192.0.2.1"));

    @ParameterizedTest(name = "peer {0}, X-Forwarded-For ''{1}'' -> {2}")
    @CsvSource(delimiter = '|', value = {
            "198.51.100.9 | 203.0.113.5              | 198.51.100.9",
            "10.1.2.3     |                          | 10.1.2.3",
            "10.1.2.3     | 203.0.113.5              | 203.0.113.5",
            "10.1.2.3     | 203.0.113.5, 10.9.9.9    | 203.0.113.5",
            "192.0.2.1    | 1.2.3.4, 203.0.113.5     | 203.0.113.5",
            "10.1.2.3     | 10.2.2.2, 10.3.3.3       | 10.2.2.2",
            "10.1.2.3     | not-an-address           | not-an-address",
    })
    void forwardedForCountsOnlyFromTrustedProxies(String peer, String forwardedFor, String client) {
        MockHttpServletRequest request = new MockHttpServletRequest();
        request.setRemoteAddr(peer);
        if (forwardedFor != null) {
            request.addHeader("X-Forwarded-For", forwardedFor);
        }

        assertThat(address.of(request)).isEqualTo(client);
    }
}
