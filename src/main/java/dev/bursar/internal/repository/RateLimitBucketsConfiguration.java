package dev.bursar.internal.repository;

import io.github.bucket4j.distributed.ExpirationAfterWriteStrategy;
import io.github.bucket4j.distributed.jdbc.PrimaryKeyMapper;
import io.github.bucket4j.postgresql.Bucket4jPostgreSQL;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import java.time.Duration;
import javax.sql.DataSource;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Lazy;

/**
 * The table rate_limit_buckets, as Bucket4j's PostgreSQL integration reads and writes it (one row
 * per bucket, locked per request with SELECT ... FOR UPDATE). Used only when
 * {@code bursar.rate-limit.store=postgres}; the rate limiter itself lives in the middleware.
 */
@Configuration(proxyBeanMethods = false)
class RateLimitBucketsConfiguration {

    @Bean
    @Lazy
    PostgreSQLSelectForUpdateBasedProxyManager<String> rateLimitBucketTable(DataSource dataSource) {
        return Bucket4jPostgreSQL.selectForUpdateBasedBuilder(dataSource)
                .primaryKeyMapper(PrimaryKeyMapper.STRING)
                .table("rate_limit_buckets")
                .idColumn("id")
                .stateColumn("state")
                .expiresAtColumn("expires_at")
                // A bucket that would be full again is deleted by the housekeeping's removeExpired.
                .expirationAfterWrite(
                        ExpirationAfterWriteStrategy.basedOnTimeForRefillingBucketUpToMax(Duration.ofMinutes(1)))
                .build();
    }
}
