package dev.bursar.internal.middleware;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import java.util.Optional;

/**
 * Shared buckets this replica knows to be empty until a moment. The store's own answer says when
 * an empty bucket's next token is due, and nothing but a refund of a token taken just before can
 * bring it sooner, so until then a request is refused here, without a round trip: never more
 * lenient than the store. When the moment comes, one request asks the store and the others are refused while
 * it does, so a client flooding over its limit costs about one query per token it is granted.
 */
final class KnownRefusals {

    /** The longest one request's question to the store holds back the others of its bucket. */
    private static final long ASKING_NANOS = Duration.ofSeconds(1).toNanos();

    // Values are System.nanoTime() moments. An entry outlives its moment by ASKING_NANOS: long
    // enough for the one request that asks the store to claim it.
    private final Cache<String, Long> emptyUntil = Caffeine.newBuilder()
            .maximumSize(100_000)
            .expireAfter(Expiry.<String, Long>writing(
                    (name, until) -> Duration.ofNanos(Math.max(0, until - System.nanoTime()) + ASKING_NANOS)))
            .build();

    /** The store's refusal as it would be now, or empty when the store must be asked (by this caller). */
    Optional<ConsumptionProbe> refusal(String bucket, RateLimitBuckets.Limit limit) {
        long now = System.nanoTime();
        long[] refusedFor = {0};
        emptyUntil.asMap().computeIfPresent(bucket, (name, until) -> {
            if (now - until < 0) {
                refusedFor[0] = until - now;
                return until;
            }
            return now + ASKING_NANOS; // this caller asks the store; its answer replaces the claim
        });
        if (refusedFor[0] == 0) {
            return Optional.empty();
        }
        long wait = refusedFor[0];
        return Optional.of(
                ConsumptionProbe.rejected(0, wait, wait + (long) ((limit.capacity() - 1) * limit.nanosPerToken())));
    }

    /** Remembers the store's answer: an empty bucket until its next token, or nothing. */
    void remember(String bucket, ConsumptionProbe probe, RateLimitBuckets.Limit limit) {
        long wait = nanosToNextToken(probe, limit);
        if (wait > 0) {
            emptyUntil.put(bucket, System.nanoTime() + wait);
        } else {
            emptyUntil.invalidate(bucket);
        }
    }

    void forget(String bucket) {
        emptyUntil.invalidate(bucket);
    }

    /** Nanoseconds until the bucket holds a token again (0 when it still holds one). */
    private static long nanosToNextToken(ConsumptionProbe probe, RateLimitBuckets.Limit limit) {
        if (!probe.isConsumed()) {
            return probe.getNanosToWaitForRefill();
        }
        if (probe.getRemainingTokens() > 0) {
            return 0;
        }
        return probe.getNanosToWaitForReset() - (long) ((limit.capacity() - 1) * limit.nanosPerToken());
    }
}
