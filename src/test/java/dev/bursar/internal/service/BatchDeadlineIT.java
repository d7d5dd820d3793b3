package dev.bursar.internal.service;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.internal.deadline.DeadlineExceededException;
import dev.bursar.internal.deadline.Deadlines;
import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.Money;
import dev.bursar.internal.domain.Role;
import dev.bursar.internal.domain.Transfer;
import dev.bursar.support.IsolatedIntegrationTest;
import dev.bursar.support.RowLock;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestApi.Account;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.time.Duration;
import java.util.Currency;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * Deadlines in group commit: a request that runs out of time answers only for itself. One worker
 * and a 200 ms gathering window put requests sent together into one batch; a row lock held by the
 * test keeps that batch waiting (lock timeout 20 s here, so only deadlines end the wait).
 */
@IsolatedIntegrationTest(
        properties = {
            "bursar.ledger.group-commit.workers=1",
            "bursar.ledger.group-commit.max-wait=200ms",
            "spring.datasource.hikari.connection-init-sql=SET lock_timeout = '20s'"
        })
class BatchDeadlineIT {

    private static final Duration SHORT = Duration.ofMillis(300);
    private static final Duration LONG = Duration.ofSeconds(10);
    private static final Duration HOLD = Duration.ofMillis(1_200);

    @LocalServerPort
    int port;

    @Autowired
    TransferService transfers;

    @Autowired
    Ledger ledger;

    @Autowired
    Deadlines deadlines;

    @Autowired
    DataSource dataSource;

    TestApi api;
    Caller ada;
    UUID first;
    UUID second;
    UUID third;
    UUID fourth;

    @BeforeEach
    void setUp() {
        api = new TestApi(port);
        Account user = api.newUser();
        ada = new Caller(user.id(), Role.USER, UUID.randomUUID());
        first = api.openAccount(user.key(), "EUR");
        second = api.openAccount(user.key(), "EUR");
        third = api.openAccount(user.key(), "EUR");
        fourth = api.openAccount(user.key(), "EUR");
        api.deposit(first, 1_000);
        api.deposit(third, 1_000);
    }

    @Test
    void aLateRequestDoesNotSinkTheRestOfItsBatch() throws Exception {
        Outcome<Transfer> late;
        Outcome<Transfer> onTime;
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch go = new CountDownLatch(1);
            Future<Outcome<Transfer>> lateCall = clients.submit(() -> within(SHORT, go, () -> transfer(first, second)));
            Future<Outcome<Transfer>> onTimeCall =
                    clients.submit(() -> within(LONG, go, () -> transfer(third, second)));
            whileLocked(second, go);
            late = lateCall.get();
            onTime = onTimeCall.get();
        }

        assertThat(onTime.failure()).as("the request with time left").isNull();
        assertThat(onTime.value().fromAccountId()).isEqualTo(third);
        assertThat(late.failure()).isInstanceOf(DeadlineExceededException.class);
        assertThat(late.took()).as("the late request's answer").isLessThan(HOLD);
        // The late request was answered 503 and must not have moved money; the other did.
        assertThat(api.balance(first)).isEqualTo(1_000);
        assertThat(api.balance(third)).isEqualTo(900);
        assertThat(api.balance(second)).isEqualTo(100);
    }

    @Test
    void aRequestPastItsDeadlineLeavesTheQueueAndNeverMovesMoney() throws Exception {
        Outcome<Transfer> blocking;
        Outcome<Transfer> queued;
        try (var clients = Executors.newVirtualThreadPerTaskExecutor()) {
            CountDownLatch go = new CountDownLatch(1);
            Future<Outcome<Transfer>> blockingCall =
                    clients.submit(() -> within(LONG, go, () -> transfer(third, second)));
            Future<Outcome<Transfer>> queuedCall = clients.submit(() -> {
                Thread.sleep(400); // after the first batch formed: this one waits behind it
                return within(SHORT, go, () -> transfer(first, fourth));
            });
            whileLocked(second, go);
            blocking = blockingCall.get();
            queued = queuedCall.get();
        }

        assertThat(blocking.failure()).isNull();
        assertThat(queued.failure()).isInstanceOf(DeadlineExceededException.class);
        assertThat(queued.took()).isLessThan(HOLD);
        assertThat(api.balance(first)).isEqualTo(1_000);
        assertThat(api.balance(fourth)).isZero();
        assertThat(api.balance(second)).isEqualTo(100);
    }

    @Test
    void aLateClaimDoesNotSinkTheOtherClaimsOfItsBatch() throws Exception {
        UUID caller = ada.userId();
        String busyKey = "busy-" + UUID.randomUUID();
        String freeKey = "free-" + UUID.randomUUID();
        assertThat(ledger.begin(caller, busyKey, fingerprint(1))).isInstanceOf(Ledger.Decision.Proceed.class);

        Outcome<Ledger.Decision> late;
        Outcome<Ledger.Decision> onTime;
        try (var clients = Executors.newVirtualThreadPerTaskExecutor();
                Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try (PreparedStatement lock = connection.prepareStatement(
                    "SELECT key FROM idempotency_records WHERE caller_id = ? AND key = ? FOR UPDATE")) {
                lock.setObject(1, caller);
                lock.setString(2, busyKey);
                lock.executeQuery().close();
            }
            CountDownLatch go = new CountDownLatch(1);
            Future<Outcome<Ledger.Decision>> lateCall =
                    clients.submit(() -> within(SHORT, go, () -> ledger.begin(caller, busyKey, fingerprint(1))));
            Future<Outcome<Ledger.Decision>> onTimeCall =
                    clients.submit(() -> within(LONG, go, () -> ledger.begin(caller, freeKey, fingerprint(2))));
            go.countDown();
            Thread.sleep(HOLD.toMillis());
            connection.rollback();
            late = lateCall.get();
            onTime = onTimeCall.get();
        }

        assertThat(onTime.failure()).as("the claim with time left").isNull();
        assertThat(onTime.value()).isInstanceOf(Ledger.Decision.Proceed.class);
        assertThat(late.failure()).isInstanceOf(DeadlineExceededException.class);
        assertThat(late.took()).isLessThan(HOLD);
    }

    private Transfer transfer(UUID from, UUID to) {
        return transfers.transfer(
                ada,
                new TransferService.TransferRequest(from, to, new Money(100, Currency.getInstance("EUR")), null),
                Idempotency.NONE);
    }

    /** Holds the account's row lock while the calls waiting on {@code go} run, then lets them finish. */
    private void whileLocked(UUID account, CountDownLatch go) throws Exception {
        try (RowLock lock = RowLock.onAccount(dataSource, account)) {
            go.countDown();
            Thread.sleep(HOLD.toMillis());
            lock.release();
        }
    }

    /** What a call with this time budget returned or threw, and how long it took. */
    record Outcome<T>(T value, Throwable failure, Duration took) {}

    private <T> Outcome<T> within(Duration budget, CountDownLatch go, Callable<T> call) throws InterruptedException {
        go.await();
        long start = System.nanoTime();
        try (Deadlines.Scope scope = deadlines.start(budget)) {
            T value = call.call();
            return new Outcome<>(value, null, Duration.ofNanos(System.nanoTime() - start));
        } catch (Exception e) {
            Throwable failure = e instanceof ExecutionException ? e.getCause() : e;
            return new Outcome<>(null, failure, Duration.ofNanos(System.nanoTime() - start));
        }
    }

    private static byte[] fingerprint(int seed) {
        byte[] fingerprint = new byte[32];
        fingerprint[0] = (byte) seed;
        return fingerprint;
    }
}
