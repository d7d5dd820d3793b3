package dev.bursar.internal.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.bucket4j.ConsumptionProbe;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class KnownRefusalsTest {

    /** A token every 100 ms. */
    private final RateLimitBuckets.Limit limit = new RateLimitBuckets.Limit(5, 10);

    private final KnownRefusals refusals = new KnownRefusals();

    private static long millis(long millis) {
        return Duration.ofMillis(millis).toNanos();
    }

    @Test
    void withNothingKnownTheStoreIsAsked() {
        assertThat(refusals.refusal("ip:192.0.2.1", limit)).isEmpty();
    }

    @Test
    void anEmptyBucketIsRefusedUntilItsNextTokenThenOneCallerAsksTheStore() throws InterruptedException {
        refusals.remember("ip:192.0.2.1", ConsumptionProbe.rejected(0, millis(300), millis(700)), limit);

        assertThat(refusals.refusal("ip:192.0.2.1", limit)).hasValueSatisfying(refused -> {
            assertThat(refused.isConsumed()).isFalse();
            assertThat(refused.getRemainingTokens()).isZero();
            assertThat(refused.getNanosToWaitForRefill()).isBetween(1L, millis(300));
        });
        assertThat(refusals.refusal("ip:192.0.2.2", limit)).as("another bucket").isEmpty();

        Thread.sleep(350);
        assertThat(refusals.refusal("ip:192.0.2.1", limit))
                .as("the first caller once the token is due")
                .isEmpty();
        assertThat(refusals.refusal("ip:192.0.2.1", limit))
                .as("the others, while it asks")
                .isPresent();

        refusals.remember("ip:192.0.2.1", ConsumptionProbe.consumed(1, millis(400)), limit);
        assertThat(refusals.refusal("ip:192.0.2.1", limit))
                .as("a token is left")
                .isEmpty();
        assertThat(refusals.refusal("ip:192.0.2.1", limit)).isEmpty();
    }

    @Test
    void takingTheLastTokenLeavesTheBucketEmptyUntilTheNext() {
        // Empty: full again in 5 tokens' time, so the next token is one token's time (100 ms) away.
        refusals.remember("key:k", ConsumptionProbe.consumed(0, millis(500)), limit);

        assertThat(refusals.refusal("key:k", limit))
                .hasValueSatisfying(
                        refused -> assertThat(refused.getNanosToWaitForRefill()).isBetween(1L, millis(100)));
    }

    @Test
    void aFailedQuestionOrARefundForgetsTheBucket() {
        refusals.remember("key:k", ConsumptionProbe.rejected(0, millis(5_000), millis(5_400)), limit);
        refusals.forget("key:k");

        assertThat(refusals.refusal("key:k", limit)).isEmpty();
    }
}
