package dev.bursar.internal.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.ConsumptionProbe;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The in-process store keeps a bucket only as long as it differs from a new full one, and no more buckets than its ceiling. */
class RateLimitBucketsTest {

    private static final RateLimitBuckets.Limit DEFAULT = new RateLimitBuckets.Limit(200, 100);
    private static final RateLimitBuckets.Limit SLOW = new RateLimitBuckets.Limit(5, 0.01);

    /** Nanoseconds on the store's clock, moved by hand. */
    private final AtomicLong now = new AtomicLong(1_000_000_000_000L);

    private RateLimitBuckets.InMemory store(long maxBuckets) {
        return new RateLimitBuckets.InMemory(maxBuckets, now::get);
    }

    @ParameterizedTest(name = "capacity {0}, {1}/s: full again after {2} ns")
    @CsvSource({
        "200, 100,  2000000000",
        "5,   5,    1000000000",
        "20,  3,    6666666667",
        "6,   0.01, 600000000000",
    })
    void idleBucketIsDroppedWhenItWouldBeFullAgain(long capacity, double refillPerSecond, long fillNanos) {
        RateLimitBuckets.InMemory buckets = store(1_000);
        RateLimitBuckets.Limit limit = new RateLimitBuckets.Limit(capacity, refillPerSecond);
        buckets.tryConsume("ip:203.0.113.5", limit);

        now.addAndGet(fillNanos - 1);
        assertThat(buckets.holds("ip:203.0.113.5"))
                .as("one nanosecond before it is full again")
                .isTrue();
        now.addAndGet(1);
        assertThat(buckets.holds("ip:203.0.113.5")).as("once it is full again").isFalse();
    }

    @Test
    void eachLimitKeepsItsBucketsForItsOwnFillTime() {
        RateLimitBuckets.InMemory buckets = store(1_000);
        buckets.tryConsume("ip:203.0.113.5", DEFAULT);
        buckets.tryConsume("key:admin", SLOW);

        now.addAndGet(2_000_000_000L);
        assertThat(buckets.holds("ip:203.0.113.5")).isFalse();
        assertThat(buckets.holds("key:admin")).as("fills in 500 s").isTrue();

        now.addAndGet(498_000_000_000L);
        assertThat(buckets.holds("key:admin")).isFalse();
    }

    @Test
    void aDroppedBucketComesBackFull() {
        RateLimitBuckets.InMemory buckets = store(1_000);
        RateLimitBuckets.Limit limit = new RateLimitBuckets.Limit(5, 5);
        for (int i = 0; i < 5; i++) {
            assertThat(buckets.tryConsume("ip:203.0.113.5", limit).isConsumed()).isTrue();
        }
        assertThat(buckets.tryConsume("ip:203.0.113.5", limit).isConsumed()).isFalse();

        now.addAndGet(1_000_000_000L);

        assertThat(buckets.holds("ip:203.0.113.5")).isFalse();
        ConsumptionProbe probe = buckets.tryConsume("ip:203.0.113.5", limit);
        assertThat(probe.isConsumed()).isTrue();
        assertThat(probe.getRemainingTokens()).isEqualTo(4);
    }

    @Test
    void aFloodOfDistinctClientsStaysWithinTheCeilingAndKeepsABusyClientLimited() {
        RateLimitBuckets.InMemory buckets = store(1_000);
        for (int i = 0; i < 5; i++) {
            buckets.tryConsume("ip:198.51.100.7", SLOW);
        }

        List<Boolean> busyClientServed = new ArrayList<>();
        for (int i = 0; i < 10_000; i++) {
            buckets.tryConsume("ip:100.64." + (i >> 8) + "." + (i & 255), SLOW);
            if (i % 50 == 0) {
                busyClientServed.add(buckets.tryConsume("ip:198.51.100.7", SLOW).isConsumed());
            }
        }

        assertThat(buckets.size()).isLessThanOrEqualTo(1_000);
        // One-off clients do not push out the bucket of a client that keeps coming (W-TinyLFU), so it stays empty.
        assertThat(busyClientServed).hasSize(200).containsOnly(false);
    }

    @Test
    void aCallerWhoseLimitChangesKeepsOneBucketOfTheNewLimit() {
        RateLimitBuckets.InMemory buckets = store(1_000);
        for (int i = 0; i < 6; i++) {
            buckets.tryConsume("key:ada", SLOW);
        }

        ConsumptionProbe probe = buckets.tryConsume("key:ada", DEFAULT);

        assertThat(probe.isConsumed()).isTrue();
        assertThat(probe.getRemainingTokens()).isEqualTo(199);
        assertThat(buckets.size()).isEqualTo(1);
    }
}
