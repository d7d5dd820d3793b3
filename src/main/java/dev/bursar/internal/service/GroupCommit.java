package dev.bursar.internal.service;

import dev.bursar.internal.config.BursarProperties;
import dev.bursar.internal.domain.Account;
import dev.bursar.internal.domain.DomainException;
import dev.bursar.internal.domain.Entry;
import dev.bursar.internal.domain.IdempotencyClaim;
import dev.bursar.internal.domain.StoredResponse;
import dev.bursar.internal.domain.Transfer;
import dev.bursar.internal.repository.AccountRepository;
import dev.bursar.internal.repository.LedgerRepository;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.stereotype.Component;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Group commit: movements requested at the same time are gathered from a bounded queue and posted
 * in one database transaction. It locks every account involved once, in id order, applies the
 * movements in arrival order each with its own outcome (one overdraft refuses only that
 * movement), writes balances, transfers, entries and idempotency records in a few batched
 * statements, and commits once; only then does each waiting request get its answer, so a 201
 * still means committed. Batches grow by themselves under load: while the workers are busy,
 * requests queue up for the next batch.
 */
@Component
class GroupCommit implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(GroupCommit.class);

    /** A movement waiting for its batch, and where its outcome goes. */
    private record Pending(Movement movement, Optional<Idempotent<Transfer>> idempotent,
            CompletableFuture<Transfer> result) {
    }

    /** A movement's outcome within a batch: the transfer, or the rule it broke. */
    private record Outcome(Transfer transfer, DomainException refusal) {
    }

    private final BursarProperties.GroupCommit settings;
    private final BlockingQueue<Pending> queue;
    private final List<Thread> workers = new ArrayList<>();
    private final AccountRepository accounts;
    private final LedgerRepository journal;
    private final IdempotencyService idempotency;
    private final PostingTransaction alone;
    private final TransactionTemplate transactions;
    private final Retry retry;
    private final Clock clock;
    private final DistributionSummary batchSizes;
    private volatile boolean stopping;

    GroupCommit(BursarProperties properties, AccountRepository accounts, LedgerRepository journal,
            IdempotencyService idempotency, PostingTransaction alone, PlatformTransactionManager transactionManager,
            RetryRegistry retries, Clock clock, MeterRegistry meters) {
        this.settings = properties.ledger().groupCommit();
        this.queue = new ArrayBlockingQueue<>(settings.queueCapacity());
        this.accounts = accounts;
        this.journal = journal;
        this.idempotency = idempotency;
        this.alone = alone;
        this.transactions = new TransactionTemplate(transactionManager);
        this.retry = retries.retry("ledger");
        this.clock = clock;
        this.batchSizes = DistributionSummary.builder("bursar.ledger.batch.size")
                .description("Movements posted per database transaction")
                .publishPercentileHistogram()
                .register(meters);
        if (settings.enabled()) {
            for (int i = 0; i < settings.workers(); i++) {
                workers.add(Thread.ofVirtual().name("ledger-group-commit-" + i).start(this::work));
            }
        }
    }

    boolean enabled() {
        return settings.enabled();
    }

    /** Queues the movement and waits until its batch has committed (or refused it). */
    Transfer post(Movement movement, Optional<Idempotent<Transfer>> idempotent) {
        Pending pending = new Pending(movement, idempotent, new CompletableFuture<>());
        if (stopping || !queue.offer(pending)) {
            throw new LedgerBusyException();
        }
        try {
            return pending.result().join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException cause) {
                throw cause;
            }
            throw e;
        }
    }

    private void work() {
        try {
            while (!stopping || !queue.isEmpty()) {
                List<Pending> batch = nextBatch();
                try {
                    post(batch);
                } catch (Throwable unexpected) {
                    // Never leave a request waiting on a worker that gave up.
                    batch.forEach(pending -> pending.result().completeExceptionally(unexpected));
                    log.error("group commit worker failed on a batch of {}", batch.size(), unexpected);
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private List<Pending> nextBatch() throws InterruptedException {
        Pending first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
            return List.of();
        }
        List<Pending> batch = new ArrayList<>(Math.min(settings.maxBatch(), 64));
        batch.add(first);
        queue.drainTo(batch, settings.maxBatch() - 1);
        long deadline = System.nanoTime() + settings.maxWait().toNanos();
        while (batch.size() < settings.maxBatch()) {
            long remaining = deadline - System.nanoTime();
            if (remaining <= 0) {
                break;
            }
            Pending next = queue.poll(remaining, TimeUnit.NANOSECONDS);
            if (next == null) {
                break;
            }
            batch.add(next);
            queue.drainTo(batch, settings.maxBatch() - batch.size());
        }
        return batch;
    }

    private void post(List<Pending> batch) {
        if (batch.isEmpty()) {
            return;
        }
        List<Outcome> outcomes;
        try {
            outcomes = retry.executeSupplier(() -> transactions.execute(status -> postTogether(batch)));
        } catch (TransientDataAccessException | CannotCreateTransactionException e) {
            // Contention beyond the retries, or no database: each movement alone would fare no better.
            batch.forEach(pending -> pending.result().completeExceptionally(e));
            return;
        } catch (RuntimeException e) {
            if (batch.size() == 1) {
                batch.getFirst().result().completeExceptionally(e);
            } else {
                log.warn("batch of {} failed; posting its movements one by one", batch.size(), e);
                batch.forEach(this::postAlone);
            }
            return;
        }
        batchSizes.record(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            Outcome outcome = outcomes.get(i);
            if (outcome.transfer() != null) {
                batch.get(i).result().complete(outcome.transfer());
            } else {
                batch.get(i).result().completeExceptionally(outcome.refusal());
            }
        }
    }

    private void postAlone(Pending pending) {
        try {
            pending.result().complete(alone.post(pending.movement(), pending.idempotent()));
        } catch (RuntimeException e) {
            pending.result().completeExceptionally(e);
        }
    }

    /** One transaction for the whole batch; runs again from the start if the retry asks. */
    private List<Outcome> postTogether(List<Pending> batch) {
        TreeSet<UUID> ids = new TreeSet<>();
        batch.forEach(pending -> {
            ids.add(pending.movement().from());
            ids.add(pending.movement().to());
        });
        Map<UUID, Account> state = new HashMap<>();
        accounts.lockInIdOrder(ids).forEach(account -> state.put(account.id(), account));

        Instant now = Timestamps.now(clock);
        List<Outcome> outcomes = new ArrayList<>(batch.size());
        Map<UUID, Account> changed = new LinkedHashMap<>();
        List<Transfer> transfers = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        List<IdempotencyClaim> claims = new ArrayList<>();
        List<StoredResponse> responses = new ArrayList<>();
        for (Pending pending : batch) {
            MovementRules.Posted posted;
            try {
                posted = MovementRules.post(pending.movement(), state, now);
            } catch (DomainException refusal) {
                outcomes.add(new Outcome(null, refusal));
                continue;
            }
            for (Account account : List.of(posted.fromAfter(), posted.toAfter())) {
                state.put(account.id(), account);
                changed.put(account.id(), account);
            }
            transfers.add(posted.transfer());
            entries.add(posted.debit());
            entries.add(posted.credit());
            pending.idempotent().ifPresent(request -> {
                claims.add(request.claim());
                responses.add(request.render().apply(posted.transfer()));
            });
            outcomes.add(new Outcome(posted.transfer(), null));
        }
        if (!transfers.isEmpty()) {
            accounts.updateBalances(changed.values());
            journal.recordAll(transfers, entries);
            idempotency.completeAllWithWork(claims, responses);
        }
        return outcomes;
    }

    /** Stops taking movements, posts those already queued, then lets the workers end. */
    @Override
    public void destroy() throws InterruptedException {
        stopping = true;
        for (Thread worker : workers) {
            worker.join(10_000);
        }
        Pending left;
        while ((left = queue.poll()) != null) {
            left.result().completeExceptionally(new LedgerBusyException());
        }
    }
}
