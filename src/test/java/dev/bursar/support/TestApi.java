package dev.bursar.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;
import org.springframework.util.function.SingletonSupplier;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A plain HTTP client for the running service: tests see exactly what a client sees. */
public final class TestApi {

    /** The bootstrap admin key every integration test context starts with. */
    public static final String ADMIN_KEY = "bsr_test_admin_key_0123456789abcdefghijklmnopqrstuv";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final HttpClient http =
            HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    private final String base;
    private final Duration timeout;
    /** What every response is checked against; null on the management port, which serves no API. */
    private final Supplier<OpenApiContract> contract;

    public TestApi(int port) {
        this(port, (Duration) null);
    }

    /** @param timeout how long to wait for a response before giving up (null: forever) */
    public TestApi(int port, Duration timeout) {
        this(port, timeout, served(port));
    }

    /** A client whose responses are checked against {@code contract} (the served document, fetched once). */
    public TestApi(int port, Supplier<OpenApiContract> contract) {
        this(port, null, contract);
    }

    private TestApi(int port, Duration timeout, Supplier<OpenApiContract> contract) {
        this.base = "http://localhost:" + port;
        this.timeout = timeout;
        this.contract = contract;
    }

    /** A client of the management port (actuator): outside the API document, so nothing is checked. */
    public static TestApi management(int port) {
        return new TestApi(port, null, null);
    }

    /** The document the service at {@code port} serves, fetched on first use and then kept. */
    public static Supplier<OpenApiContract> served(int port) {
        String url = "http://localhost:" + port + "/v3/api-docs";
        return SingletonSupplier.of(() -> {
            HttpRequest request = HttpRequest.newBuilder(URI.create(url)).build();
            try (HttpClient client = HttpClient.newHttpClient()) {
                HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
                assertThat(response.statusCode()).as("GET %s", url).isEqualTo(200);
                return OpenApiContract.of(JSON.readTree(response.body()));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException(e);
            }
        });
    }

    public record Response(int status, HttpHeaders headers, String body) {

        public JsonNode json() {
            return JSON.readTree(body);
        }

        public String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        public String contentType() {
            return header("Content-Type");
        }

        /** Asserts a problem+json response with this status and code, and returns its body. */
        public JsonNode problem(int expectedStatus, String expectedCode) {
            assertThat(status).as("status of %s", body).isEqualTo(expectedStatus);
            assertThat(contentType()).startsWith("application/problem+json");
            JsonNode problem = json();
            assertThat(problem.path("code").asString()).as("code of %s", body).isEqualTo(expectedCode);
            assertThat(problem.path("status").asInt()).isEqualTo(expectedStatus);
            assertThat(problem.path("title").asString()).isNotBlank();
            assertThat(problem.path("type").asString()).isEqualTo("urn:bursar:problem:" + expectedCode);
            assertThat(problem.path("request_id").asString()).isEqualTo(header("X-Request-Id"));
            return problem;
        }
    }

    /** A user created for one test, with a working key. */
    public record Account(UUID id, String email, String key) {}

    /** A user with two EUR accounts of their own, {@code from} funded: where most transfer tests start. */
    public record Payer(Account user, UUID from, UUID to) {

        public UUID id() {
            return user.id();
        }

        public String key() {
            return user.key();
        }
    }

    /** A key issued through the API: its id and the secret, which only creation shows. */
    public record IssuedKey(UUID id, String secret) {}

    public Response get(String path, String key) {
        return send("GET", path, key, null, Map.of());
    }

    public Response delete(String path, String key) {
        return send("DELETE", path, key, null, Map.of());
    }

    public Response post(String path, String key, Object body) {
        return send("POST", path, key, body, Map.of());
    }

    public Response put(String path, String key, Object body) {
        return send("PUT", path, key, body, Map.of());
    }

    /**
     * Checks a response received some other way (raw bytes on a socket, a browser) against the
     * served document.
     */
    public void assertDescribed(String method, String path, int status, HttpHeaders headers, String body) {
        if (contract != null) {
            OpenApiContract.assertDescribed(contract.get().violations(method, path, status, headers, body));
        }
    }

    /**
     * An HttpClient builder for clients the tests do not write (the generated SDK) whose every
     * response is checked against the served document, as this client's are.
     */
    public HttpClient.Builder checkedHttpClient() {
        return CheckedHttpClient.builder(this::assertDescribed);
    }

    /**
     * @param body a String is sent as is (for malformed JSON), a byte array byte for byte (for
     *     bytes that are not UTF-8); anything else is serialized
     */
    public Response send(String method, String path, String key, Object body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        if (timeout != null) {
            request.timeout(timeout);
        }
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        boolean hasContentType = headers.keySet().stream().anyMatch("Content-Type"::equalsIgnoreCase);
        if (body != null && !hasContentType) {
            request.header("Content-Type", "application/json");
        }
        headers.forEach(request::header);
        request.method(
                method,
                switch (body) {
                    case null -> HttpRequest.BodyPublishers.noBody();
                    case byte[] bytes -> HttpRequest.BodyPublishers.ofByteArray(bytes);
                    case String text -> HttpRequest.BodyPublishers.ofString(text);
                    default -> HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
                });
        try {
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            if (contract != null) {
                OpenApiContract.assertDescribed(contract.get()
                        .violations(method, path, response.statusCode(), response.headers(), response.body()));
            }
            return new Response(response.statusCode(), response.headers(), response.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** Creates a user (as admin) with a unique email and one API key. */
    public Account newUser(String role) {
        String email = "user-" + UUID.randomUUID() + "@example.com";
        Response created = post("/api/v1/users", ADMIN_KEY, Map.of("email", email, "name", "Test User", "role", role));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        UUID id = UUID.fromString(created.json().path("id").asString());
        return new Account(id, email, issueKey(id, ADMIN_KEY).secret());
    }

    public Account newUser() {
        return newUser("user");
    }

    /** Opens an account in this currency for the holder of {@code key}; returns its id. */
    public UUID openAccount(String key, String currency) {
        Response created = post("/api/v1/accounts", key, Map.of("currency", currency));
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        return UUID.fromString(created.json().path("id").asString());
    }

    /** Deposits (as admin) into the account; returns the deposit's transfer id. */
    public UUID deposit(UUID accountId, long amount) {
        Response deposit = post("/api/v1/accounts/" + accountId + "/deposits", ADMIN_KEY, Map.of("amount", amount));
        assertThat(deposit.status()).as(deposit.body()).isEqualTo(201);
        return UUID.fromString(deposit.json().path("id").asString());
    }

    /** Opens {@code count} EUR accounts for the holder of {@code key}, in order of creation. */
    public List<UUID> openAccounts(String key, int count) {
        List<UUID> accounts = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            accounts.add(openAccount(key, "EUR"));
        }
        return accounts;
    }

    /** Opens {@code count} EUR accounts for {@code owner} and deposits {@code each} into every one. */
    public List<UUID> fundedAccounts(Account owner, int count, long each) {
        List<UUID> accounts = openAccounts(owner.key(), count);
        accounts.forEach(account -> deposit(account, each));
        return accounts;
    }

    /** A new user with two EUR accounts and {@code deposit} in the first (0: nothing). */
    public Payer newPayer(long deposit) {
        return newPayer(newUser(), deposit);
    }

    /** Two new EUR accounts for {@code user} and {@code deposit} in the first (0: nothing). */
    public Payer newPayer(Account user, long deposit) {
        List<UUID> accounts = openAccounts(user.key(), 2);
        if (deposit > 0) {
            deposit(accounts.get(0), deposit);
        }
        return new Payer(user, accounts.get(0), accounts.get(1));
    }

    /** Issues {@code userId} one more key, asked for with {@code key}. */
    public IssuedKey issueKey(UUID userId, String key) {
        Response issued = post("/api/v1/users/" + userId + "/api-keys", key, Map.of("name", "test"));
        assertThat(issued.status()).as(issued.body()).isEqualTo(201);
        return new IssuedKey(
                UUID.fromString(issued.json().path("id").asString()),
                issued.json().path("key").asString());
    }

    public long balance(UUID accountId) {
        Response account = get("/api/v1/accounts/" + accountId, ADMIN_KEY);
        assertThat(account.status()).as(account.body()).isEqualTo(200);
        return account.json().path("balance").asLong();
    }

    public Response transfer(String key, UUID from, UUID to, long amount, String currency) {
        return post("/api/v1/transfers", key, transferBody(from, to, amount, currency));
    }

    /** The body of {@code POST /api/v1/transfers}. */
    public static Map<String, Object> transferBody(UUID from, UUID to, long amount, String currency) {
        return Map.of(
                "from_account_id",
                from.toString(),
                "to_account_id",
                to.toString(),
                "amount",
                amount,
                "currency",
                currency);
    }

    /** Follows next_cursor from the first page to the last and returns every item. */
    public List<JsonNode> readAll(String path, String key, int limit) {
        List<JsonNode> items = new ArrayList<>();
        String cursor = null;
        do {
            String separator = path.contains("?") ? "&" : "?";
            Response page = get(path + separator + "limit=" + limit + (cursor == null ? "" : "&cursor=" + cursor), key);
            assertThat(page.status()).as(page.body()).isEqualTo(200);
            page.json().path("data").forEach(items::add);
            JsonNode next = page.json().path("next_cursor");
            cursor = next.isNull() ? null : next.asString();
        } while (cursor != null);
        return items;
    }
}
