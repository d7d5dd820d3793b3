package dev.bursar.internal.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.cmd.server.BursarServer;
import dev.bursar.support.QueryCounter;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Payer;
import dev.bursar.support.TestApi.Response;
import dev.bursar.support.TestDatabaseConfiguration;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;

/**
 * Token buckets per API key and per client address (in-process store): a burst of 5 requests,
 * then 5 per second; admins get 20. Users are created through the admin key, whose own bucket is
 * larger, so that setting up a test does not use up what it measures.
 */
@SpringBootTest(
        classes = BursarServer.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "bursar.security.admin-api-key=" + TestApi.ADMIN_KEY,
            "bursar.rate-limit.capacity=5",
            "bursar.rate-limit.refill-per-second=5",
            "bursar.rate-limit.roles.admin.capacity=20",
            "bursar.rate-limit.roles.admin.refill-per-second=20",
            "bursar.rate-limit.trusted-proxies=127.0.0.1"
        })
@Import({TestDatabaseConfiguration.class, QueryCounter.class})
class RateLimitIT {

    @LocalServerPort
    int port;

    @Autowired
    QueryCounter.Recorder queries;

    TestApi api;

    @BeforeEach
    void setUp() {
        api = new TestApi(port);
    }

    private Account newUser() {
        // The admin bucket refills quickly; wait for it rather than count on it.
        Awaitility.await()
                .atMost(Duration.ofSeconds(5))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> remaining(api.get("/api/v1/me", TestApi.ADMIN_KEY)) >= 4);
        return api.newUser();
    }

    private static long remaining(Response response) {
        String header = response.header("RateLimit");
        return header == null ? -1 : Long.parseLong(header.replaceAll(".*;r=(\\d+);.*", "$1"));
    }

    private Response me(String key, String forwardedFor) {
        return api.send(
                "GET",
                "/api/v1/me",
                key,
                null,
                forwardedFor == null ? Map.of() : Map.of("X-Forwarded-For", forwardedFor));
    }

    @Test
    void burstOverTheLimitIsRateLimitedWithHeaders() {
        Account ada = newUser();
        List<Response> responses = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            responses.add(api.get("/api/v1/me", ada.key()));
        }

        assertThat(responses.subList(0, 5)).extracting(Response::status).containsOnly(200);
        assertThat(responses.get(0).header("RateLimit-Policy")).isEqualTo("\"default\";q=5;w=1");
        assertThat(responses.get(0).header("RateLimit")).matches("\"default\";r=4;t=[01]");
        assertThat(responses.get(4).header("RateLimit")).matches("\"default\";r=0;t=1");
        Response limited = responses.get(5);
        limited.problem(429, "rate_limited");
        assertThat(limited.header("Retry-After")).isEqualTo("1");
        assertThat(limited.header("RateLimit")).isEqualTo("\"default\";r=0;t=1");
        assertThat(limited.header("RateLimit-Policy")).isEqualTo("\"default\";q=5;w=1");
    }

    @Test
    void refillAllowsRequestsAgain() throws InterruptedException {
        Account ada = newUser();
        Response last;
        do {
            last = api.get("/api/v1/me", ada.key());
        } while (last.status() == 200);
        last.problem(429, "rate_limited");

        Thread.sleep(Long.parseLong(last.header("Retry-After")) * 1000 + 50);

        assertThat(api.get("/api/v1/me", ada.key()).status()).isEqualTo(200);
    }

    @Test
    void keysAreLimitedIndependently() {
        Account ada = newUser();
        Account bob = newUser();
        while (api.get("/api/v1/me", ada.key()).status() == 200) {
            // use up ada's bucket
        }

        assertThat(api.get("/api/v1/me", bob.key()).status()).isEqualTo(200);
        api.get("/api/v1/me", ada.key()).problem(429, "rate_limited");
    }

    @Test
    void adminsHaveTheirRoleLimit() {
        Awaitility.await()
                .atMost(Duration.ofSeconds(3))
                .until(() -> remaining(api.get("/api/v1/me", TestApi.ADMIN_KEY)) >= 15);

        assertThat(api.get("/api/v1/me", TestApi.ADMIN_KEY).header("RateLimit-Policy"))
                .isEqualTo("\"default\";q=20;w=1");
    }

    @Test
    void requestsWithoutAValidKeyAreLimitedPerClientAddress() {
        // The test client is a trusted proxy here, so X-Forwarded-For names distinct clients.
        String client = "203.0.113." + (1 + (int) (Math.random() * 250));
        List<Integer> statuses = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            statuses.add(me(null, client).status());
            statuses.add(me("bsr_not_a_valid_key_" + UUID.randomUUID(), client).status());
        }

        assertThat(statuses.subList(0, 5)).containsOnly(401);
        assertThat(statuses.get(5)).isEqualTo(429);
        me(null, client).problem(429, "rate_limited");
        assertThat(me(null, "198.51.100.7").status()).as("another client").isEqualTo(401);
        assertThat(me(null, client).header("RateLimit-Policy")).isEqualTo("\"default\";q=5;w=1");
    }

    @Test
    void ipv6ClientsAreLimitedPerSlash64() {
        int a = 1 + (int) (Math.random() * 0xfffe);
        int b = 1 + (int) (Math.random() * 0xfffe);
        String prefix = "2001:db8:%x:%x".formatted(a, b);
        // Five addresses of one /64, spelled in different ways, share its bucket of 5.
        List<String> addresses = List.of(
                prefix + "::1",
                "2001:0DB8:%04X:%04X:0000:0000:0000:0002".formatted(a, b),
                prefix + ":ffff:ffff:ffff:ffff",
                "[" + prefix + "::4]",
                prefix + ":1:2:3:4");
        List<Integer> statuses = new ArrayList<>();
        for (String address : addresses) {
            statuses.add(me(null, address).status());
        }

        assertThat(statuses).containsOnly(401);
        me(null, prefix + "::6").problem(429, "rate_limited");
        assertThat(me(null, "2001:db8:%x:%x::1".formatted(a ^ 0x8000, b)).status())
                .as("another /64")
                .isEqualTo(401);
    }

    @Test
    void ipv4MappedAddressesCountAsTheirIpv4Address() {
        String client = "198.51.100." + (1 + (int) (Math.random() * 250));
        for (int i = 0; i < 5; i++) {
            assertThat(me(null, i % 2 == 0 ? client : "::ffff:" + client).status())
                    .isEqualTo(401);
        }

        me(null, "::ffff:" + client).problem(429, "rate_limited");
        me(null, client).problem(429, "rate_limited");
    }

    @Test
    void onlyApiRequestsAreLimited() {
        for (int i = 0; i < 8; i++) {
            Response docs = api.get("/v3/api-docs", null);
            assertThat(docs.status()).isEqualTo(200);
            assertThat(docs.header("RateLimit")).isNull();
        }
    }

    @Test
    void encodedSpellingsOfApiPathsShareTheLimit() {
        Account ada = newUser();
        Response encoded = api.get("/%61pi/v1/me", ada.key());
        assertThat(encoded.status()).as(encoded.body()).isEqualTo(200);
        assertThat(encoded.header("RateLimit")).matches("\"default\";r=4;t=[01]");

        do {
            encoded = api.get("/api/v1/%6De", ada.key());
        } while (encoded.status() == 200);
        encoded.problem(429, "rate_limited");
        api.get("/api/v1/me", ada.key()).problem(429, "rate_limited");
    }

    @Test
    void anAddressOverItsLimitCostsNoDatabaseWork() {
        Payer ada = api.newPayer(newUser(), 1_000);
        String flooder = "192.0.2." + (1 + (int) (Math.random() * 250));

        // Until the limit, every unknown key costs a lookup (which shows that the recorder sees them).
        queries.clear();
        Response response;
        int sent = 0;
        do {
            response = me("bsr_not_a_valid_key_" + UUID.randomUUID(), flooder);
            sent++;
        } while (response.status() == 401 && sent < 50);
        response.problem(429, "rate_limited");
        assertThat(queries.count())
                .as("lookups of unknown keys under the limit")
                .isPositive();

        // Over the limit, a refused request costs nothing; the bucket refills 5 per second, and a
        // request let through by the refill costs its lookup again.
        int refused = 0;
        for (int i = 0; i < 40; i++) {
            if (i == 20) {
                Response transfer = api.send(
                        "POST",
                        "/api/v1/transfers",
                        ada.key(),
                        TestApi.transferBody(ada.from(), ada.to(), 100, "EUR"),
                        Map.of("X-Forwarded-For", "198.51.100.9"));
                assertThat(transfer.status())
                        .as("another client's transfer meanwhile: %s", transfer.body())
                        .isEqualTo(201);
            }
            queries.clear();
            response = me("bsr_not_a_valid_key_" + UUID.randomUUID(), flooder);
            if (response.status() == 429) {
                refused++;
                assertThat(queries.statements())
                        .as("statements of a refused request")
                        .isEmpty();
            } else {
                assertThat(response.status()).isEqualTo(401);
            }
        }
        assertThat(refused).as("requests refused").isGreaterThanOrEqualTo(20);
        assertThat(api.balance(ada.to())).isEqualTo(100);
    }
}
