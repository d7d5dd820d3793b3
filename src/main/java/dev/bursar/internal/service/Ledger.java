package dev.bursar.internal.service;

import dev.bursar.internal.config.BursarProperties;
import dev.bursar.internal.deadline.Deadlines;
import dev.bursar.internal.domain.Account;
import dev.bursar.internal.domain.DomainException;
import dev.bursar.internal.domain.Entry;
import dev.bursar.internal.domain.Event;
import dev.bursar.internal.domain.IdempotencyClaim;
import dev.bursar.internal.domain.IdempotencyOutcome;
import dev.bursar.internal.domain.Ids;
import dev.bursar.internal.domain.Transfer;
import dev.bursar.internal.repository.LedgerRepository;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.observation.Observation;
import io.micrometer.observation.ObservationRegistry;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The one write path of the ledger: it claims Idempotency-Keys, posts movements and records what
 * became of each key's request.
 *
 * <p>Movements are posted in batches, one database transaction each: lock every account involved once, in id order; apply the movements in arrival order
 * against the locked state, each with its own outcome (one overdraft refuses only that movement);
 * write balances, transfers, entries and idempotency records in a few batched statements; commit
 * once; only then answer each request, so a 201 means committed. Fixed lock order means no
 * deadlock; checking under the locks means no lost update and no overdraft; transient conflicts
 * run the whole transaction again.
 *
 * <p>With group commit on, movements requested at the same time are gathered from a bounded
 * queue ({@link Batcher}); batches grow by themselves under load. With it off, each movement is a
 * batch of one, posted on its request's own thread by the same code and the same SQL.
 *
 * <p>Idempotency-Keys: the first request with a key claims it ({@link #begin}; claims are batched
 * the same way, one statement for many keys) and is processed; the transfer it makes is recorded
 * under the key in the transaction that makes it, a refusal afterwards ({@link #refused}); later
 * requests with the same key and fingerprint get that outcome again.
 */
@Component
public class Ledger implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(Ledger.class);

    /** A movement waiting for its batch, with the observation (trace) of the request that sent it. */
    private record Request(Movement movement, Optional<IdempotencyClaim> claim, Observation origin) {}

    /** A movement's outcome within a batch: the transfer, or the rule it broke. */
    private record Posted(Batcher.Job<Request, Transfer> job, Transfer transfer, DomainException refusal) {}

    /** A request made while its Idempotency-Key was held by an earlier one that outlived its claim. */
    static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(30);

    private static final int CLEANUP_BATCH = 10_000;

    /** What a request with an Idempotency-Key may do. */
    public sealed interface Decision {

        /** Process the request under this claim. */
        record Proceed(IdempotencyClaim claim) implements Decision {}

        /** Answer with the first request's outcome again. */
        record Replay(IdempotencyOutcome outcome) implements Decision {}

        /** The key was used for a different request. */
        record KeyReused() implements Decision {}

        /** A request with this key is still being processed. */
        record InProgress() implements Decision {}
    }

    /** A request's attempt to claim its key. */
    private record ClaimRequest(IdempotencyClaim claim, byte[] fingerprint) {}

    private final Batcher<Request, Transfer> batcher;
    private final Batcher<ClaimRequest, Boolean> claims;
    private final LedgerRepository journal;
    private final Duration retention;
    private final TransactionTemplate transactions;
    private final Retry retry;
    private final Clock clock;
    private final DistributionSummary batchSizes;
    private final ObservationRegistry observations;

    Ledger(
            BursarProperties properties,
            LedgerRepository journal,
            PlatformTransactionManager transactionManager,
            RetryRegistry retries,
            Clock clock,
            MeterRegistry meters,
            ObservationRegistry observations,
            Deadlines deadlines) {
        BursarProperties.GroupCommit settings = properties.ledger().groupCommit();
        this.journal = journal;
        this.retention = properties.idempotency().retention();
        this.transactions = new TransactionTemplate(transactionManager);
        this.retry = retries.retry("ledger");
        this.clock = clock;
        this.observations = observations;
        this.batchSizes = DistributionSummary.builder("bursar.ledger.batch.size")
                .description("Movements posted per database transaction")
                .publishPercentileHistogram()
                .register(meters);
        this.batcher = new Batcher<>("ledger-group-commit", settings, deadlines, this::post);
        // Claims are gathered too: with group commit on, one statement claims the keys of many requests.
        this.claims = new Batcher<>("idempotency-claims", settings, deadlines, this::claimTogether);
    }

    /**
     * Claims the key for this request, or says what the request gets instead (a replay, 409, 422).
     *
     * @param fingerprint SHA-256 of the request's method, path and parsed body
     */
    public Decision begin(UUID callerId, String key, byte[] fingerprint) {
        // Two rounds at most: a record may vanish (released, expired) between claim and look-up.
        for (int attempt = 0; attempt < 2; attempt++) {
            IdempotencyClaim claim = new IdempotencyClaim(callerId, key, Ids.newId());
            if (claims.submit(new ClaimRequest(claim, fingerprint))) {
                return new Decision.Proceed(claim);
            }
            Optional<LedgerRepository.KeyRecord> stored = journal.findKey(callerId, key);
            if (stored.isPresent()) {
                if (stored.get().outcome().isEmpty()) {
                    return new Decision.InProgress();
                }
                if (!MessageDigest.isEqual(stored.get().fingerprint(), fingerprint)) {
                    return new Decision.KeyReused();
                }
                return new Decision.Replay(stored.get().outcome().get());
            }
        }
        return new Decision.InProgress();
    }

    /** Records the refusal of a claimed request that changed nothing (400, 404, 422). */
    public void refused(IdempotencyClaim claim, IdempotencyOutcome.Refused refusal) {
        journal.recordKeyOutcomes(List.of(claim), List.of(refusal));
    }

    /** Gives the key back, for outcomes that are not recorded (the client may retry). */
    public void release(IdempotencyClaim claim) {
        journal.releaseKey(claim);
    }

    /** Posts the movement and waits until its batch has committed (or refused it). */
    Transfer post(Movement movement, Idempotency idempotency) {
        Observation origin = observations.getCurrentObservation();
        Optional<IdempotencyClaim> claim =
                idempotency instanceof Idempotency.Claimed claimed ? Optional.of(claimed.claim()) : Optional.empty();
        return batcher.submit(new Request(movement, claim, origin != null ? origin : Observation.NOOP));
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
                .observe(() -> commit(batch));
    }

    /** Posts the batch and completes every job of it. */
    private void commit(List<Batcher.Job<Request, Transfer>> batch) {
        List<Posted> posted;
        try {
            posted = postLive(batch, false);
        } catch (RuntimeException e) {
            List<Batcher.Job<Request, Transfer>> live =
                    batch.stream().filter(job -> !job.abandoned()).toList();
            if (Failures.isHopeless(e)) {
                live.forEach(job -> job.result().completeExceptionally(e));
            } else {
                // Safe even if the failure came after COMMIT: posting alone finds what committed.
                log.warn("batch of {} failed; posting its movements one by one", live.size(), e);
                postOneByOne(live);
            }
            return;
        }
        if (!posted.isEmpty()) {
            batchSizes.record(posted.size());
        }
        complete(posted);
    }

    /**
     * Runs the batch's transaction until it commits with every job still wanted: a job whose
     * request gave up before the commit rolls the transaction back ({@link BatchShrank}), and it
     * runs again without that job.
     */
    private List<Posted> postLive(List<Batcher.Job<Request, Transfer>> batch, boolean findCommitted) {
        while (true) {
            List<Batcher.Job<Request, Transfer>> live =
                    batch.stream().filter(job -> !job.abandoned()).toList();
            if (live.isEmpty()) {
                return List.of();
            }
            try {
                return retry.executeSupplier(() -> transactions.execute(status -> postTogether(live, findCommitted)));
            } catch (BatchShrank shrank) {
                // Rolled back before committing anything: post again without the requests that gave up.
            }
        }
    }

    /**
     * Posts each movement alone, answering with its transfer if it had committed after all; once
     * the database turns out to be out of reach, the rest get that answer.
     */
    private void postOneByOne(List<Batcher.Job<Request, Transfer>> jobs) {
        RuntimeException unavailable = null;
        for (Batcher.Job<Request, Transfer> job : jobs) {
            if (unavailable != null) {
                job.result().completeExceptionally(unavailable);
            } else if (job.seal()) { // else its request gave up before anything of it could commit
                try {
                    complete(postLive(List.of(job), true));
                } catch (RuntimeException e) {
                    job.result().completeExceptionally(e);
                    unavailable = Failures.isHopeless(e) ? e : null;
                }
            }
        }
    }

    private static void complete(List<Posted> posted) {
        for (Posted outcome : posted) {
            if (outcome.transfer() != null) {
                outcome.job().result().complete(outcome.transfer());
            } else {
                outcome.job().result().completeExceptionally(outcome.refusal());
            }
        }
    }

    /**
     * One transaction for the whole batch; runs again from the start if the retry asks. Before it
     * returns (and the transaction commits) every job is sealed; if a request gave up meanwhile,
     * the transaction is rolled back instead ({@link BatchShrank}).
     *
     * @param findCommitted look each movement's transfer up first (after the locks, so an earlier
     *                      attempt still committing has finished): one that exists committed
     *                      already, unseen, and is answered as it is instead of posted again
     */
    private List<Posted> postTogether(List<Batcher.Job<Request, Transfer>> batch, boolean findCommitted) {
        TreeSet<UUID> ids = new TreeSet<>();
        batch.forEach(job -> {
            ids.add(job.input().movement().from());
            ids.add(job.input().movement().to());
        });
        Map<UUID, Account> state = new HashMap<>();
        journal.lockInIdOrder(ids).forEach(account -> state.put(account.id(), account));
        Map<UUID, Transfer> committed = findCommitted
                ? journal.findTransfers(batch.stream()
                        .map(job -> job.input().movement().transferId())
                        .toList())
                : Map.of();

        Instant now = Timestamps.now(clock);
        List<Posted> outcomes = new ArrayList<>(batch.size());
        Map<UUID, Account> changed = new LinkedHashMap<>();
        List<Transfer> transfers = new ArrayList<>();
        List<Entry> entries = new ArrayList<>();
        List<IdempotencyClaim> keys = new ArrayList<>();
        List<IdempotencyOutcome> recorded = new ArrayList<>();
        for (Batcher.Job<Request, Transfer> job : batch) {
            Transfer earlier = committed.get(job.input().movement().transferId());
            if (earlier != null) {
                outcomes.add(new Posted(job, earlier, null));
                continue;
            }
            Movement.Posted posted;
            try {
                posted = job.input().movement().post(state, now);
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
            job.input().claim().ifPresent(claim -> {
                keys.add(claim);
                recorded.add(new IdempotencyOutcome.Moved(posted.transfer().id()));
            });
            outcomes.add(new Posted(job, posted.transfer(), null));
        }
        if (!transfers.isEmpty()) {
            journal.updateBalances(changed.values());
            journal.recordAll(transfers, entries);
            // A claim lost only if its request outlived CLAIM_TIMEOUT and another took the key over.
            if (!keys.isEmpty() && !journal.recordKeyOutcomes(keys, recorded).isEmpty()) {
                throw new IdempotencyClaimLostException();
            }
            // Last: from here to the commit, batches of every replica take turns (commit order).
            journal.recordEvents(entries.stream()
                    .map(entry ->
                            Event.posted(entry, state.get(entry.accountId()).ownerId()))
                    .toList());
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

    private void claimTogether(List<Batcher.Job<ClaimRequest, Boolean>> batch) {
        // The same key twice in one batch: the first request claims it, the second finds it in progress.
        Map<List<Object>, Batcher.Job<ClaimRequest, Boolean>> distinct = new LinkedHashMap<>();
        for (Batcher.Job<ClaimRequest, Boolean> job : batch) {
            IdempotencyClaim claim = job.input().claim();
            if (job.abandoned()) {
                continue;
            }
            if (distinct.putIfAbsent(List.of(claim.callerId(), claim.key()), job) != null) {
                job.result().complete(false);
            }
        }
        List<Batcher.Job<ClaimRequest, Boolean>> jobs = List.copyOf(distinct.values());
        if (jobs.isEmpty()) {
            return;
        }
        Set<UUID> taken;
        try {
            taken = Set.copyOf(journal.claimKeys(
                    jobs.stream().map(job -> job.input().claim()).toList(),
                    jobs.stream().map(job -> job.input().fingerprint()).toList(),
                    CLAIM_TIMEOUT,
                    retention));
        } catch (RuntimeException e) {
            jobs.forEach(job -> job.result().completeExceptionally(e));
            return;
        }
        for (Batcher.Job<ClaimRequest, Boolean> job : jobs) {
            boolean claimed = taken.contains(job.input().claim().token());
            if (job.seal()) {
                job.result().complete(claimed);
            } else if (claimed) {
                // Its request gave up (503) while the statement ran: give the key back for its retry.
                releaseQuietly(job.input().claim());
            }
        }
    }

    private void releaseQuietly(IdempotencyClaim claim) {
        try {
            journal.releaseKey(claim);
        } catch (RuntimeException e) {
            log.warn("could not release the claim of a request that gave up; it lapses by itself: {}", e.getMessage());
        }
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    public void deleteExpiredKeys() {
        int deleted;
        do {
            deleted = journal.deleteExpiredKeys(CLEANUP_BATCH);
            if (deleted > 0) {
                log.atInfo().addKeyValue("deleted", deleted).log("expired idempotency records deleted");
            }
        } while (deleted == CLEANUP_BATCH);
    }

    @Override
    public void destroy() throws InterruptedException {
        batcher.close();
        claims.close();
    }
}
