package dev.bursar.internal.middleware;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/** Deletes PostgreSQL-stored buckets that would be full again anyway, so the table stays small. */
@Component
class RateLimitHousekeeping {

    private static final Logger log = LoggerFactory.getLogger(RateLimitHousekeeping.class);

    private final RateLimitBuckets buckets;

    RateLimitHousekeeping(RateLimitBuckets buckets) {
        this.buckets = buckets;
    }

    @Scheduled(fixedDelayString = "PT1M", initialDelayString = "PT1M")
    void removeFullBuckets() {
        if (buckets instanceof RateLimitBuckets.InPostgres stored) {
            int removed;
            do {
                removed = stored.removeExpired(1_000);
            } while (removed == 1_000);
            log.debug("removed expired rate-limit buckets");
        }
    }
}
