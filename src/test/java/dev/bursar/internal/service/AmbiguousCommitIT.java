package dev.bursar.internal.service;

import static dev.bursar.support.LedgerAssertions.assertJournalChain;
import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.Money;
import dev.bursar.internal.domain.Role;
import dev.bursar.internal.domain.Transfer;
import dev.bursar.internal.middleware.RequestAttributes;
import dev.bursar.support.IsolatedIntegrationTest;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import dev.bursar.support.TestApi.Response;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Currency;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import tools.jackson.databind.JsonNode;

/**
 * A commit that succeeds but reports an error (the answer to COMMIT was lost, or the driver failed
 * after the server had committed): the movement must be in the ledger exactly once, and the client
 * must never be told it failed when the error says nothing definite. The test's connections can
 * be told to commit and then throw.
 */
@IsolatedIntegrationTest(
        properties = {"bursar.ledger.group-commit.workers=1", "bursar.ledger.group-commit.max-wait=200ms"})
@Import(AmbiguousCommitIT.FaultyCommitsConfiguration.class)
class AmbiguousCommitIT {

    /**
     * Errors after a successful commit that say nothing definite: an SQL error of no known class
     * (PostgreSQL's internal_error), and a driver or proxy failing unchecked.
     */
    static Stream<Throwable> unknownErrors() {
        return Stream.of(
                new SQLException("the outcome of COMMIT was lost", "XX000"),
                new IllegalStateException("the driver failed after COMMIT"));
    }

    @LocalServerPort
    int port;

    @Autowired
    TransferService transfers;

    @Autowired
    FaultyCommits faults;

    TestApi api;
    Account owner;
    Caller caller;
    List<UUID> accounts;

    @BeforeEach
    void setUp() {
        api = new TestApi(port);
        owner = api.newUser();
        caller = new Caller(owner.id(), Role.USER, UUID.randomUUID());
        accounts = api.openAccounts(owner.key(), 4);
        api.deposit(accounts.get(0), 1_000);
        api.deposit(accounts.get(2), 1_000);
    }

    @ParameterizedTest
    @MethodSource("unknownErrors")
    void aMovementWhoseCommitReportsAnUnknownErrorIsPostedOnceAndAnswered(Throwable error) {
        faults.commitThenThrow(error);

        Transfer transfer = transfer(accounts.get(0), accounts.get(1));

        assertThat(faults.armed()).as("the fault was used").isFalse();
        assertMovedOnce(transfer, accounts.get(0), accounts.get(1));
    }

    @ParameterizedTest
    @MethodSource("unknownErrors")
    void movementsCommittedTogetherThatReportAnUnknownErrorArePostedOnceEach(Throwable error) throws Exception {
        Transfer first;
        Transfer second;
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch go = new CountDownLatch(1);
            faults.commitThenThrow(error);
            Future<Transfer> one = clients.submit(() -> {
                go.await();
                return transfer(accounts.get(0), accounts.get(1));
            });
            Future<Transfer> two = clients.submit(() -> {
                go.await();
                return transfer(accounts.get(2), accounts.get(3));
            });
            go.countDown();
            first = one.get();
            second = two.get();
        }

        assertThat(faults.armed()).as("the fault was used").isFalse();
        assertMovedOnce(first, accounts.get(0), accounts.get(1));
        assertMovedOnce(second, accounts.get(2), accounts.get(3));
    }

    @Test
    void aCommitWhoseConnectionBrokeIsA503AndAnIdempotentRetryFindsWhatCommitted() {
        String key = UUID.randomUUID().toString();
        Map<String, Object> body = TestApi.transferBody(accounts.get(0), accounts.get(1), 100, "EUR");
        // The connection broke after COMMIT was sent: the database is out of reach, the outcome unknown.
        faults.commitThenThrow(new SQLException("connection reset after COMMIT", "08006"));

        Response first = api.send(
                "POST", "/api/v1/transfers", owner.key(), body, Map.of(RequestAttributes.IDEMPOTENCY_KEY_HEADER, key));

        assertThat(faults.armed()).as("the fault was used").isFalse();
        first.problem(503, "service_unavailable");
        Response retry = api.send(
                "POST", "/api/v1/transfers", owner.key(), body, Map.of(RequestAttributes.IDEMPOTENCY_KEY_HEADER, key));
        assertThat(retry.status()).as(retry.body()).isEqualTo(201);
        assertThat(retry.header(RequestAttributes.IDEMPOTENT_REPLAYED_HEADER)).isEqualTo("true");
        assertThat(api.balance(accounts.get(0))).isEqualTo(900);
        assertThat(api.balance(accounts.get(1))).isEqualTo(100);
        List<JsonNode> entries = assertJournalChain(api, accounts.get(1));
        assertThat(entries).hasSize(1);
        assertThat(entries.getFirst().path("transfer_id").asString())
                .isEqualTo(retry.json().path("id").asString());
    }

    private Transfer transfer(UUID from, UUID to) {
        return transfers.transfer(
                caller,
                new TransferService.TransferRequest(from, to, new Money(100, Currency.getInstance("EUR")), null),
                Idempotency.NONE);
    }

    /** The transfer is in both journals once, and each balance moved by its amount once. */
    private void assertMovedOnce(Transfer transfer, UUID from, UUID to) {
        assertThat(api.balance(from)).isEqualTo(900);
        assertThat(api.balance(to)).isEqualTo(100);
        for (UUID account : List.of(from, to)) {
            List<JsonNode> entries = assertJournalChain(api, account);
            long ofTransfer = entries.stream()
                    .filter(entry -> entry.path("transfer_id")
                            .asString()
                            .equals(transfer.id().toString()))
                    .count();
            assertThat(ofTransfer).as("entries of the transfer on %s", account).isEqualTo(1);
        }
        assertThat(api.get("/api/v1/transfers/" + transfer.id(), owner.key()).status())
                .isEqualTo(200);
    }

    /** Connections that can be told to let their next commit succeed and then throw. */
    static final class FaultyCommits {

        private final AtomicReference<Throwable> nextFailure = new AtomicReference<>();

        void commitThenThrow(Throwable failure) {
            nextFailure.set(failure);
        }

        boolean armed() {
            return nextFailure.get() != null;
        }

        DataSource wrap(DataSource target) {
            return new DelegatingDataSource(target) {
                @Override
                public Connection getConnection() throws SQLException {
                    return wrap(super.getConnection());
                }
            };
        }

        private Connection wrap(Connection connection) {
            return (Connection) Proxy.newProxyInstance(
                    Connection.class.getClassLoader(), new Class<?>[] {Connection.class}, (proxy, method, args) -> {
                        Object result;
                        try {
                            result = method.invoke(connection, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                        if (method.getName().equals("commit")) {
                            Throwable failure = nextFailure.getAndSet(null);
                            if (failure != null) {
                                throw failure;
                            }
                        }
                        return result;
                    });
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    static class FaultyCommitsConfiguration {

        @Bean
        static FaultyCommits faultyCommits() {
            return new FaultyCommits();
        }

        @Bean
        static BeanPostProcessor faultyCommitsDataSource(FaultyCommits faults) {
            return new BeanPostProcessor() {
                @Override
                public Object postProcessAfterInitialization(Object bean, String beanName) {
                    return bean instanceof DataSource dataSource && "dataSource".equals(beanName)
                            ? faults.wrap(dataSource)
                            : bean;
                }
            };
        }
    }
}
