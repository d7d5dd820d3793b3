package dev.bursar.internal.middleware;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.bursar.internal.config.BursarProperties;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.ConsumptionProbe;
import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.distributed.proxy.ProxyManager;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * Where the token buckets live: in this process (one replica), or in PostgreSQL through
 * Bucket4j's PostgreSQL integration, so that every replica draws from the same bucket.
 */
sealed interface RateLimitBuckets {

    /** A bucket's size and refill rate. */
    record Limit(long capacity, double refillPerSecond) {

        Bandwidth bandwidth() {
            Duration fill = Duration.ofNanos(Math.max(1, Math.round(capacity * 1e9 / refillPerSecond)));
            return Bandwidth.builder().capacity(capacity).refillGreedy(capacity, fill).build();
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

    static RateLimitBuckets create(BursarProperties.RateLimit settings, DataSource dataSource) {
        return switch (settings.store()) {
            case MEMORY -> new InMemory();
            case POSTGRES -> new InPostgres(dataSource);
        };
    }

    /** One replica: buckets in a bounded cache. An idle bucket that is dropped would be full again anyway. */
    final class InMemory implements RateLimitBuckets {

        private final Cache<String, Bucket> buckets = Caffeine.newBuilder()
                .expireAfterAccess(Duration.ofHours(1))
                .maximumSize(1_000_000)
                .build();

        @Override
        public ConsumptionProbe tryConsume(String key, Limit limit) {
            // The limit is part of the name: a caller whose role changes gets the bucket of its new limit.
            return buckets.get(key + "|" + limit.capacity() + "|" + limit.refillPerSecond(),
                    name -> Bucket.builder().addLimit(limit.bandwidth()).build())
                    .tryConsumeAndReturnRemaining(1);
        }

        @Override
        public void refund(String key, Limit limit) {
            Bucket bucket = buckets.getIfPresent(name(key, limit));
            if (bucket != null) {
                bucket.addTokens(1);
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

        InPostgres(DataSource dataSource) {
            this.buckets = Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                    .primaryKeyMapper(PrimaryKeyMapper.STRING)
                    .table("rate_limit_buckets")
                    .idColumn("id")
                    .stateColumn("state")
                    .expiresAtColumn("expires_at")
                    // A bucket that would be full again is deleted by removeExpired.
                    .expirationAfterWrite(ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(
                            Duration.ofMinutes(1)))
                    .build();
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
