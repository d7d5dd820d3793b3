package dev.bursar.internal.service;

import dev.bursar.internal.config.BursarProperties;
import dev.bursar.internal.deadline.Deadlines;
import dev.bursar.internal.domain.IdempotencyClaim;
import dev.bursar.internal.domain.IdempotencyOutcome;
import dev.bursar.internal.domain.Ids;
import dev.bursar.internal.repository.IdempotencyRepository;
import dev.bursar.internal.repository.IdempotencyRepository.Stored;
import jakarta.annotation.PreDestroy;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Idempotency-Key semantics: the first request with a key claims it and is processed; its outcome
 * is recorded (a transfer by the ledger, in the transaction that makes it; a refusal afterwards)
 * and answered again to later requests with the same key and the same fingerprint.
 */
@Service
public class IdempotencyService {

    /** A request interrupted by a crash leaves its claim behind for at most this long. */
    static final Duration CLAIM_TIMEOUT = Duration.ofSeconds(30);

    private static final Logger log = LoggerFactory.getLogger(IdempotencyService.class);
    private static final int CLEANUP_BATCH = 10_000;

    /** What a request with a key may do. */
    public sealed interface Decision {

        /** Process the request; the claim identifies it when its response is stored. */
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

    private final IdempotencyRepository records;
    private final Duration retention;
    private final Batcher<ClaimRequest, Boolean> claims;

    public IdempotencyService(IdempotencyRepository records, BursarProperties properties, Deadlines deadlines) {
        this.records = records;
        this.retention = properties.idempotency().retention();
        // With group commit, claims are gathered too: one statement claims the keys of many requests.
        BursarProperties.GroupCommit batching = properties.ledger().groupCommit();
        this.claims = batching.enabled()
                ? new Batcher<>("idempotency-claims", batching, deadlines, this::claimTogether)
                : null;
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
            boolean claimed = claim(new ClaimRequest(claim, fingerprint));
            if (claimed) {
                return new Decision.Proceed(claim);
            }
            Optional<Stored> stored = records.find(callerId, key);
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

    /** Claims through the batcher, or (batching off) as a batch of one on the caller's thread. */
    private boolean claim(ClaimRequest request) {
        if (claims != null) {
            return claims.submit(request);
        }
        Batcher.Job<ClaimRequest, Boolean> alone = Batcher.Job.inBatch(request);
        claimTogether(List.of(alone));
        return Batcher.outcome(alone);
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
            taken = Set.copyOf(records.claimAll(
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
            records.release(claim);
        } catch (RuntimeException e) {
            log.warn("could not release the claim of a request that gave up; it lapses by itself: {}", e.getMessage());
        }
    }

    /**
     * Records the outcomes inside the caller's transaction, so that they commit with the work they
     * describe. Fails (rolling the work back) if a claim was lost, which happens only when its
     * request outlived {@link #CLAIM_TIMEOUT} and another request took the key over.
     */
    @Transactional(propagation = Propagation.MANDATORY)
    public void completeAllWithWork(List<IdempotencyClaim> claims, List<IdempotencyOutcome> outcomes) {
        if (!claims.isEmpty() && !records.completeAll(claims, outcomes).isEmpty()) {
            throw new IdempotencyClaimLostException();
        }
    }

    /** Records the refusal of a request that changed nothing, unless an outcome is already recorded. */
    public void refused(IdempotencyClaim claim, IdempotencyOutcome.Refused refusal) {
        records.completeAll(List.of(claim), List.of(refusal));
    }

    /** Gives the key back, for outcomes that are not stored (the client may retry). */
    public void release(IdempotencyClaim claim) {
        records.release(claim);
    }

    @PreDestroy
    void stop() throws InterruptedException {
        if (claims != null) {
            claims.close();
        }
    }

    @Scheduled(fixedDelayString = "PT10M", initialDelayString = "PT1M")
    public void deleteExpired() {
        int deleted;
        do {
            deleted = records.deleteExpired(CLEANUP_BATCH);
            if (deleted > 0) {
                log.atInfo().addKeyValue("deleted", deleted).log("expired idempotency records deleted");
            }
        } while (deleted == CLEANUP_BATCH);
    }
}
