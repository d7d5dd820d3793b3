package dev.bursar.internal.service;

import dev.bursar.internal.config.BursarProperties;
import dev.bursar.internal.deadline.Deadlines;
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
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.stereotype.Component;
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

    /** A movement waiting for its batch, with the observation (trace) of the request that sent it. */
    private record Request(Movement movement, Optional<Idempotent<Transfer>> idempotent, Observation origin) {
    }

    /** A movement's outcome within a batch: the transfer, or the rule it broke. */
    private record Posted(Batcher.Job<Request, Transfer> job, Transfer transfer, DomainException refusal) {
    }

    private final boolean enabled;
    private final Batcher<Request, Transfer> batcher;
    private final AccountRepository accounts;
    private final LedgerRepository journal;
    private final IdempotencyService idempotency;
    private final PostingTransaction alone;
    private final TransactionTemplate transactions;
    private final Retry retry;
    private final Clock clock;
    private final DistributionSummary batchSizes;
    private final ObservationRegistry observations;

    GroupCommit(BursarProperties properties, AccountRepository accounts, LedgerRepository journal,
            IdempotencyService idempotency, PostingTransaction alone, PlatformTransactionManager transactionManager,
            RetryRegistry retries, Clock clock, MeterRegistry meters, ObservationRegistry observations,
            Deadlines deadlines) {
        BursarProperties.GroupCommit settings = properties.ledger().groupCommit();
        this.enabled = settings.enabled();
        this.accounts = accounts;
        this.journal = journal;
        this.idempotency = idempotency;
        this.alone = alone;
        this.transactions = new TransactionTemplate(transactionManager);
        this.retry = retries.retry("ledger");
        this.clock = clock;
        this.observations = observations;
        this.batchSizes = DistributionSummary.builder("bursar.ledger.batch.size")
                .description("Movements posted per database transaction")
                .publishPercentileHistogram()
                .register(meters);
        this.batcher = enabled ? new Batcher<>("ledger-group-commit", settings, deadlines, this::post) : null;
    }

    boolean enabled() {
        return enabled;
    }

    /** Queues the movement and waits until its batch has committed (or refused it). */
    Transfer post(Movement movement, Optional<Idempotent<Transfer>> idempotent) {
        Observation origin = observations.getCurrentObservation();
        return batcher.submit(new Request(movement, idempotent, origin != null ? origin : Observation.NOOP));
    }

    /**
     * Posts a batch inside a {@code bursar.ledger.batch} observation: a span in the trace of the
     * batch's first request, under which the batch's database statements appear.
     */
    private void post(List<Batcher.Job<Request, Transfer>> batch) {
        Observation origin = batch.getFirst().input().origin();
        Observation.createNotStarted("bursar.ledger.batch", observations)
                .contextualName("ledger batch")
                .parentObservation(origin.isNoop() ? null : origin)
                .highCardinalityKeyValue("bursar.batch.size", Integer.toString(batch.size()))
                .observe(() -> postInTransaction(batch));
    }

    private void postInTransaction(List<Batcher.Job<Request, Transfer>> batch) {
        List<Posted> posted;
        while (true) {
            List<Batcher.Job<Request, Transfer>> live = batch.stream().filter(job -> !job.abandoned()).toList();
            if (live.isEmpty()) {
                return;
            }
            try {
                posted = retry.executeSupplier(() -> transactions.execute(status -> postTogether(live)));
                break;
            } catch (BatchShrank shrank) {
                // Rolled back before committing anything: post again without the requests that gave up.
            } catch (RuntimeException e) {
                if (LedgerFailures.isUnavailable(e)) {
                    live.forEach(job -> job.result().completeExceptionally(e));
                } else {
                    // Safe even if the failure came after COMMIT: posting alone finds what committed.
                    log.warn("batch of {} failed; posting its movements one by one", live.size(), e);
                    postOneByOne(live);
                }
                return;
            }
        }
        batchSizes.record(posted.size());
        for (Posted outcome : posted) {
            if (outcome.transfer() != null) {
                outcome.job().result().complete(outcome.transfer());
            } else {
                outcome.job().result().completeExceptionally(outcome.refusal());
            }
        }
    }

    /** Posts each movement alone; once the database turns out to be out of reach, the rest get that answer. */
    private void postOneByOne(List<Batcher.Job<Request, Transfer>> jobs) {
        RuntimeException unavailable = null;
        for (Batcher.Job<Request, Transfer> job : jobs) {
            if (unavailable != null) {
                job.result().completeExceptionally(unavailable);
            } else if (job.seal()) { // else its request gave up before anything of it could commit
                try {
                    job.result().complete(alone.postUnlessCommitted(job.input().movement(), job.input().idempotent()));
                } catch (RuntimeException e) {
                    job.result().completeExceptionally(e);
                    unavailable = LedgerFailures.isUnavailable(e) ? e : null;
                }
            }
        }
    }

    /**
     * One transaction for the whole batch; runs again from the start if the retry asks. Before it
     * returns (and the transaction commits) every job is sealed; if a request gave up meanwhile,
     * the transaction is rolled back instead ({@link BatchShrank}).
     */
    private List<Posted> postTogether(List<Batcher.Job<Request, Transfer>> batch) {
        TreeSet<UUID> ids = new TreeSet<>();
        batch.forEach(job -> {
            ids.add(job.input().movement().from());
            ids.add(job.input().movement().to());
        });
        Map<UUID, Account> state = new HashMap<>();
        accounts.lockInIdOrder(ids).forEach(account -> state.put(account.id(), account));

        Instant now = Timestamps.now(clock);
        List<Posted> outcomes = new ArrayList<>(batch.size());
        Map<UUID, Account> changed = new LinkedHashMap<>();
        List<Transfer> transfers = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        List<IdempotencyClaim> claims = new ArrayList<>();
        List<StoredResponse> responses = new ArrayList<>();
        for (Batcher.Job<Request, Transfer> job : batch) {
            MovementRules.Posted posted;
            try {
                posted = MovementRules.post(job.input().movement(), state, now);
            } catch (DomainException refusal) {
                outcomes.add(new Posted(job, null, refusal));
                continue;
            }
            for (Account account : List.of(posted.fromAfter(), posted.toAfter())) {
                state.put(account.id(), account);
                changed.put(account.id(), account);
            }
            transfers.add(posted.transfer());
            entries.add(posted.debit());
            entries.add(posted.credit());
            job.input().idempotent().ifPresent(request -> {
                claims.add(request.claim());
                responses.add(request.render().apply(posted.transfer()));
            });
            outcomes.add(new Posted(job, posted.transfer(), null));
        }
        if (!transfers.isEmpty()) {
            accounts.updateBalances(changed.values());
            journal.recordAll(transfers, entries);
            idempotency.completeAllWithWork(claims, responses);
        }
        if (!batch.stream().allMatch(Batcher.Job::seal)) {
            throw new BatchShrank();
        }
        return outcomes;
    }

    /** A request of the batch gave up before the batch committed; the transaction must not commit. */
    private static final class BatchShrank extends RuntimeException {

        BatchShrank() {
            super("a request left the batch", null, false, false);
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        if (batcher != null) {
            batcher.close();
        }
    }
}
