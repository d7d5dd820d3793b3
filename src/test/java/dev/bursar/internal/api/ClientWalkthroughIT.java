package dev.bursar.internal.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;
import static org.assertj.core.api.Assertions.tuple;

import com.fasterxml.jackson.core.JacksonException;
import dev.bursar.client.ApiClient;
import dev.bursar.client.ApiException;
import dev.bursar.client.api.AccountsApi;
import dev.bursar.client.api.ApiKeysApi;
import dev.bursar.client.api.TransfersApi;
import dev.bursar.client.api.UsersApi;
import dev.bursar.client.model.AmountRequest;
import dev.bursar.client.model.CreateAccountRequest;
import dev.bursar.client.model.CreateApiKeyRequest;
import dev.bursar.client.model.CreateTransferRequest;
import dev.bursar.client.model.CreatedApiKeyResponse;
import dev.bursar.client.model.EntryResponse;
import dev.bursar.client.model.Problem;
import dev.bursar.client.model.UserRequest;
import dev.bursar.client.model.UserResponse;
import dev.bursar.support.IntegrationTest;
import dev.bursar.support.TestApi;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The README's walk through the API, driven through a Java client that openapi-generator makes
 * from the served OpenAPI document (see {@link ClientDocumentIT}): what a consumer who generates
 * an SDK gets must work, error bodies included.
 */
@IntegrationTest
class ClientWalkthroughIT {

    @LocalServerPort
    int port;

    @Autowired
    TestApi api;

    @Test
    void theReadmeWalkthroughRunsThroughAGeneratedClient() throws ApiException {
        ApiClient admin = client(TestApi.ADMIN_KEY);

        // A user and their API key (admins only); the secret is in this response alone.
        var ada = newUser(admin);
        var key = newKey(admin, ada.getId());
        assertThat(key.getKey()).startsWith(key.getPrefix());

        ApiClient user = client(key.getKey());
        assertThat(new UsersApi(user).getCurrentUser().getId()).isEqualTo(ada.getId());

        // Two euro accounts; the admin deposits 100.00 EUR into the first.
        AccountsApi accounts = new AccountsApi(user);
        UUID checking = accounts.createAccount(
                        new CreateAccountRequest().currency("EUR").name("Checking"))
                .getId();
        UUID savings = accounts.createAccount(
                        new CreateAccountRequest().currency("EUR").name("Savings"))
                .getId();
        var deposit = new TransfersApi(admin)
                .createDeposit(checking, new AmountRequest().amount(10_000L).description("opening deposit"), null);
        assertThat(deposit.getToAccountId()).isEqualTo(checking);
        assertThat(deposit.getAmount()).isEqualTo(10_000L);

        // A transfer with an Idempotency-Key; the same request again gets the first response.
        TransfersApi transfers = new TransfersApi(user);
        CreateTransferRequest rent = new CreateTransferRequest()
                .fromAccountId(checking)
                .toAccountId(savings)
                .amount(2_500L)
                .currency("EUR")
                .description("rent");
        String idempotencyKey = "rent-" + UUID.randomUUID();
        var first = transfers.createTransferWithHttpInfo(rent, idempotencyKey);
        var replay = transfers.createTransferWithHttpInfo(rent, idempotencyKey);

        assertThat(first.getStatusCode()).isEqualTo(201);
        assertThat(first.getHeaders().get("location"))
                .containsExactly("/api/v1/transfers/" + first.getData().getId());
        assertThat(first.getHeaders()).doesNotContainKey("idempotent-replayed");
        assertThat(first.getData().getAmount()).isEqualTo(2_500L);
        assertThat(first.getData().getDescription()).isEqualTo("rent");
        assertThat(replay.getStatusCode()).isEqualTo(201);
        assertThat(replay.getHeaders().get("idempotent-replayed")).containsExactly("true");
        assertThat(replay.getData()).isEqualTo(first.getData());

        // The journal, newest first: balance_after chains up to the balance; one page.
        var entries = accounts.listAccountEntries(checking, null, null);
        assertThat(entries.getData())
                .extracting(EntryResponse::getAmount, EntryResponse::getBalanceAfter)
                .containsExactly(tuple(-2_500L, 7_500L), tuple(10_000L, 10_000L));
        assertThat(entries.getData().get(0).getTransferId())
                .isEqualTo(first.getData().getId());
        assertThat(entries.getNextCursor()).isNull();
        assertThat(accounts.getAccount(checking).getBalance()).isEqualTo(7_500L);

        // More than the balance moves nothing: a problem the client's error type carries.
        ApiException refused = catchThrowableOfType(
                ApiException.class,
                () -> transfers.createTransfer(rent.amount(1_000_000L).description("too much"), null));
        assertThat(refused.getCode()).isEqualTo(422);
        assertThat(refused.getResponseHeaders().firstValue("content-type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/problem+json"));
        Problem problem = problem(user, refused);
        assertThat(String.valueOf(problem.getCode())).isEqualTo("insufficient_funds");
        assertThat(problem.getStatus()).isEqualTo(422);
        assertThat(problem.getType()).isEqualTo("urn:bursar:problem:insufficient_funds");
        assertThat(problem.getRequestId())
                .isEqualTo(
                        refused.getResponseHeaders().firstValue("x-request-id").orElseThrow());
        assertThat(accounts.getAccount(checking).getBalance()).isEqualTo(7_500L);
    }

    @Test
    void aRevokedKeyIsRefusedFromTheNextRequestOn() throws ApiException {
        ApiClient admin = client(TestApi.ADMIN_KEY);
        var ada = newUser(admin);
        var key = newKey(admin, ada.getId());
        ApiClient user = client(key.getKey());
        assertThat(new UsersApi(user).getCurrentUser().getId()).isEqualTo(ada.getId());

        new ApiKeysApi(admin).revokeApiKey(ada.getId(), key.getId());

        ApiException refused = catchThrowableOfType(ApiException.class, () -> new UsersApi(user).getCurrentUser());
        assertThat(refused.getCode()).isEqualTo(401);
        assertThat(refused.getResponseHeaders().firstValue("www-authenticate")).hasValue("Bearer");
        assertThat(String.valueOf(problem(user, refused).getCode())).isEqualTo("unauthorized");
    }

    /**
     * A generated client aimed at the running service, authenticated with this API key; what it
     * receives is checked against the served document before the client reads it.
     */
    private ApiClient client(String apiKey) {
        return new ApiClient()
                .setHttpClientBuilder(api.checkedHttpClient())
                .setScheme("http")
                .setHost("localhost")
                .setPort(port)
                .setBasePath("")
                .setRequestInterceptor(request -> request.header("Authorization", "Bearer " + apiKey));
    }

    /** The error body, read with the client's own mapper into its Problem model. */
    private static Problem problem(ApiClient client, ApiException error) {
        try {
            return client.getObjectMapper().readValue(error.getResponseBody(), Problem.class);
        } catch (JacksonException e) {
            throw new AssertionError("not a problem body: " + error.getResponseBody(), e);
        }
    }

    private static UserResponse newUser(ApiClient admin) throws ApiException {
        return new UsersApi(admin)
                .createUser(new UserRequest()
                        .email("ada-" + UUID.randomUUID() + "@example.com")
                        .name("Ada Lovelace"));
    }

    private static CreatedApiKeyResponse newKey(ApiClient admin, UUID userId) throws ApiException {
        return new ApiKeysApi(admin).createApiKey(userId, new CreateApiKeyRequest().name("laptop"));
    }
}
