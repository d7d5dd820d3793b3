package dev.bursar.internal.middleware;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Expiry;
import com.github.benmanes.caffeine.cache.Scheduler;
import com.github.benmanes.caffeine.cache.Ticker;
import dev.bursar.internal.config.BursarProperties;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.BucketListener;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.MathType;
import io.github.bucket4j.TimeMeter;
import io.github.bucket4j.local.LocalBucket;
import io.github.bucket4j.local.LockFreeBucket;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Where the token buckets live: in this process (one replica), or in PostgreSQL through
 * Bucket4j's PostgreSQL integration, so that every replica draws from the same bucket.
 */
sealed interface RateLimitBuckets {

    /** A bucket's size and refill rate. */
    record Limit(long capacity, double refillPerSecond) {

        Bandwidth bandwidth() {
            Duration fill = Duration.ofNanos(Math.max(1, Math.round(capacity * 1e9 / refillPerSecond)));
            return Bandwidth.builder()
                    .capacity(capacity)
                    .refillGreedy(capacity, fill)
                    .build();
        }

        BucketConfiguration configuration() {
            return BucketConfiguration.builder().addLimit(bandwidth()).build();
        }

        /** Seconds an empty bucket takes to fill: the window of the RateLimit-Policy header. */
        long fillSeconds() {
            return (long) Math.ceil(capacity / refillPerSecond);
        }

        double nanosPerToken() {
            return 1e9 / refillPerSecond;
        }
    }

    /** Takes one token from the bucket of {@code key}, created full on first use. */
    ConsumptionProbe tryConsume(String key, Limit limit);

    /** Gives back one token taken by {@link #tryConsume} (never beyond the bucket's capacity). */
    void refund(String key, Limit limit);

    /** The bucket's name: the limit is part of it, so a caller whose role changes gets the bucket of its new limit. */
    private static String name(String key, Limit limit) {
        return key + "|" + limit.capacity() + "|" + limit.refillPerSecond();
    }

    /** @param table the buckets' table, asked for only with the postgres store */
    static RateLimitBuckets create(
            BursarProperties.RateLimit settings, Supplier<PostgreSQLSelectForUpdateBasedProxyManager<String>> table) {
        return switch (settings.store()) {
            case MEMORY -> new InMemory(settings.maxBuckets());
            case POSTGRES -> new InPostgres(table.get());
        };
    }

    /**
     * One replica: buckets in a bounded cache. A bucket left alone for as long as it takes to fill
     * is full again, no different from a new one, so it is dropped then (its own limit's fill
     * time, counted from its last use). At most {@code maxBuckets} are kept; past that, Caffeine
     * drops the buckets of the clients seen least often, and such a client starts again from a full
     * bucket when it comes back.
     */
    final class InMemory implements RateLimitBuckets {

        private final Cache<String, LocalBucket> buckets;
        private final TimeMeter clock;
        /** One configuration per limit, shared by its buckets (a handful of limits, a million buckets). */
        private final Map<Limit, BucketConfiguration> configurations = new ConcurrentHashMap<>();

        InMemory(long maxBuckets) {
            this(Caffeine.newBuilder().scheduler(Scheduler.systemScheduler()), maxBuckets, Ticker.systemTicker());
        }

        /** On a given clock, with the cache's upkeep done by the calling thread: for tests. */
        InMemory(long maxBuckets, Ticker ticker) {
            this(Caffeine.newBuilder().executor(Runnable::run), maxBuckets, ticker);
        }

        private InMemory(Caffeine<Object, Object> builder, long maxBuckets, Ticker ticker) {
            // The buckets count time on the cache's clock, so "dropped" and "full again" coincide.
            this.clock = new TickerTimeMeter(ticker);
            this.buckets = builder.ticker(ticker)
                    .maximumSize(maxBuckets)
                    .expireAfter(Expiry.accessing((String name, LocalBucket bucket) -> fillTime(bucket)))
                    .build();
        }

        @Override
        public ConsumptionProbe tryConsume(String key, Limit limit) {
            BucketConfiguration configuration = configurations.computeIfAbsent(limit, Limit::configuration);
            LocalBucket bucket = buckets.get(key, name -> newBucket(configuration));
            if (!configuration.equals(bucket.getConfiguration())) {
                // The caller's limit changed (another role): a full bucket of the new limit, under the same short name.
                bucket = buckets.asMap()
                        .compute(
                                key,
                                (name, old) -> old != null && configuration.equals(old.getConfiguration())
                                        ? old
                                        : newBucket(configuration));
            }
            return bucket.tryConsumeAndReturnRemaining(1);
        }

        @Override
        public void refund(String key, Limit limit) {
            LocalBucket bucket = buckets.getIfPresent(key);
            if (bucket != null && bucket.getConfiguration().equals(configurations.get(limit))) {
                bucket.addTokens(1);
            }
        }

        /** Whether a bucket of {@code key} is kept (without counting as a use). */
        boolean holds(String key) {
            return buckets.policy().getIfPresentQuietly(key) != null;
        }

        /** Buckets kept, once the cache's pending upkeep is done. */
        long size() {
            buckets.cleanUp();
            return buckets.estimatedSize();
        }

        private LocalBucket newBucket(BucketConfiguration configuration) {
            // Built directly: Bucket.builder() would build a configuration of its own for every bucket.
            return new LockFreeBucket(configuration, MathType.INTEGER_64_BITS, clock, BucketListener.NOPE);
        }

        private static Duration fillTime(LocalBucket bucket) {
            return Duration.ofNanos(bucket.getConfiguration().getBandwidths()[0].getRefillPeriodNanos());
        }

        private record TickerTimeMeter(Ticker ticker) implements TimeMeter {

            @Override
            public long currentTimeNanos() {
                return ticker.read();
            }

            @Override
            public boolean isWallClockBased() {
                return false;
            }
        }
    }

    /**
     * Many replicas: buckets in the table rate_limit_buckets, locked per request (SELECT ... FOR
     * UPDATE). A bucket the store has just reported empty is refused here until its next token is
     * due ({@link KnownRefusals}), so a client over its limit costs no round trip per request.
     */
    final class InPostgres implements RateLimitBuckets {

        private final PostgreSQLSelectForUpdateBasedProxyManager<String> buckets;
        private final KnownRefusals refusals = new KnownRefusals();

        InPostgres(PostgreSQLSelectForUpdateBasedProxyManager<String> buckets) {
            this.buckets = buckets;
        }

        @Override
        public ConsumptionProbe tryConsume(String key, Limit limit) {
            String name = name(key, limit);
            Optional<ConsumptionProbe> refused = refusals.refusal(name, limit);
            if (refused.isPresent()) {
                return refused.get();
            }
            ConsumptionProbe probe;
            try {
                probe = buckets.getProxy(name, limit::configuration).tryConsumeAndReturnRemaining(1);
            } catch (RuntimeException e) {
                refusals.forget(name);
                throw e;
            }
            refusals.remember(name, probe, limit);
            return probe;
        }

        @Override
        public void refund(String key, Limit limit) {
            String name = name(key, limit);
            buckets.getProxy(name, limit::configuration).addTokens(1);
            refusals.forget(name);
        }

        int removeExpired(int batchSize) {
            return buckets.removeExpired(batchSize);
        }
    }
}
