package dev.bursar.internal.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * Bursar's own settings (prefix {@code bursar}), bound and validated at start-up: a bad value stops
 * the start with a message naming the setting. Defaults live in {@code application.yml}.
 */
@Validated
@ConfigurationProperties("bursar")
public record BursarProperties(
        @Valid @NotNull Security security,
        @Valid @NotNull Http http,
        @Valid @NotNull Idempotency idempotency,
        @Valid @NotNull Ledger ledger,
        @Valid @NotNull RateLimit rateLimit,
        @Valid @NotNull Database database,
        @Valid @NotNull Events events) {

    /**
     * Who the bootstrap admin is and which key it holds.
     *
     * @param adminEmail  email of the bootstrap admin user
     * @param adminApiKey bootstrap admin key ({@code BURSAR_ADMIN_API_KEY}); empty means no bootstrap
     */
    public record Security(
            @NotNull @Size(max = 254) @Pattern(regexp = "[^@\\s]+@[^@\\s]+", message = "must be an email address") String adminEmail,

            String adminApiKey) {

        private static final java.util.regex.Pattern API_KEY = java.util.regex.Pattern.compile("[\\x21-\\x7E]{32,256}");

        public Security {
            adminApiKey = adminApiKey == null ? "" : adminApiKey;
            // Checked here rather than by a constraint annotation, whose report would print the key.
            if (!adminApiKey.isEmpty() && !API_KEY.matcher(adminApiKey).matches()) {
                throw new IllegalArgumentException("bursar.security.admin-api-key (BURSAR_ADMIN_API_KEY) must be"
                        + " 32 to 256 printable ASCII characters without spaces");
            }
        }

        public boolean hasAdminApiKey() {
            return !adminApiKey.isEmpty();
        }
    }

    /**
     * Limits of an HTTP request.
     *
     * @param maxBodySize           largest accepted request body; larger ones get 413 payload_too_large
     * @param maxConcurrentRequests requests processed at once; more wait in line for their turn
     * @param requestTimeout        time budget of an API request, carried to the database as query
     *                              timeouts; a request that runs out gets 503
     */
    public record Http(
            @NotNull DataSize maxBodySize,
            @Min(1) @Max(100_000) int maxConcurrentRequests,
            @NotNull Duration requestTimeout) {

        @AssertTrue(message = "bursar.http.request-timeout must be between 1s and 5m") public boolean isRequestTimeoutInRange() {
            return requestTimeout == null
                    || (requestTimeout.compareTo(Duration.ofSeconds(1)) >= 0
                            && requestTimeout.compareTo(Duration.ofMinutes(5)) <= 0);
        }

        @AssertTrue(message = "bursar.http.max-body-size must be between 1KB and 16MB") public boolean isMaxBodySizeInRange() {
            return maxBodySize == null || (maxBodySize.toBytes() >= 1024 && maxBodySize.toBytes() <= 16 * 1024 * 1024);
        }
    }

    /**
     * Idempotency-Key records.
     *
     * @param retention how long a response stays stored under its Idempotency-Key
     */
    public record Idempotency(@NotNull Duration retention) {

        @AssertTrue(message = "bursar.idempotency.retention must be between 1m and 30d") public boolean isRetentionInRange() {
            return retention == null
                    || (retention.compareTo(Duration.ofMinutes(1)) >= 0
                            && retention.compareTo(Duration.ofDays(30)) <= 0);
        }
    }

    public record Ledger(@Valid @NotNull GroupCommit groupCommit) {}

    /**
     * Real-time events.
     *
     * @param retention     how long events are kept (resuming from an older position is 410)
     * @param clientBuffer  events waiting to be written to one subscriber at most; a subscriber
     *                      past it is disconnected (it resumes from the last seq it saw)
     * @param keepAlive     longest silence on a Server-Sent Events stream (a comment line breaks it)
     * @param ping          how often a WebSocket is pinged; one that answers no ping for twice
     *                      this long is closed
     * @param pollInterval  how often each replica looks for new events when no notification woke it
     */
    public record Events(
            @NotNull Duration retention,
            @Min(1) @Max(1_000_000) int clientBuffer,
            @NotNull Duration keepAlive,
            @NotNull Duration ping,
            @NotNull Duration pollInterval) {

        @AssertTrue(message = "bursar.events.retention must be between 1m and 365d") public boolean isRetentionInRange() {
            return retention == null
                    || (retention.compareTo(Duration.ofMinutes(1)) >= 0
                            && retention.compareTo(Duration.ofDays(365)) <= 0);
        }

        @AssertTrue(message = "bursar.events.keep-alive, ping and poll-interval must be between 10ms and 15m") public boolean isIntervalsInRange() {
            return java.util.stream.Stream.of(keepAlive, ping, pollInterval)
                    .allMatch(d -> d == null
                            || (d.compareTo(Duration.ofMillis(10)) >= 0 && d.compareTo(Duration.ofMinutes(15)) <= 0));
        }
    }

    /**
     * How long the service waits for PostgreSQL.
     *
     * @param responseTimeout longest wait for any answer from PostgreSQL on an open connection;
     *                        past it the connection counts as broken (the request gets 503) and the
     *                        pool's other connections are replaced. Must exceed the server-side
     *                        lock timeout, which ends legitimate waits earlier.
     */
    public record Database(@NotNull Duration responseTimeout) {

        @AssertTrue(message = "bursar.database.response-timeout must be between 100ms and 60s") public boolean isResponseTimeoutInRange() {
            return responseTimeout == null
                    || (responseTimeout.compareTo(Duration.ofMillis(100)) >= 0
                            && responseTimeout.compareTo(Duration.ofSeconds(60)) <= 0);
        }
    }

    /**
     * Group commit: concurrent movements are gathered and posted in one database transaction.
     *
     * @param enabled       off means one transaction per movement
     * @param maxBatch      most movements in one transaction
     * @param maxWait       how long a batch may wait for more movements once it has one (0: take
     *                      what is queued; batches still grow by themselves while workers are busy)
     * @param workers       batches in flight at once
     * @param queueCapacity movements waiting at most; beyond, requests get 503
     */
    public record GroupCommit(
            boolean enabled,
            @Min(1) @Max(10_000) int maxBatch,
            @NotNull Duration maxWait,
            @Min(1) @Max(64) int workers,
            @Min(1) @Max(1_000_000) int queueCapacity) {

        @AssertTrue(message = "bursar.ledger.group-commit.max-wait must be between 0 and 1s") public boolean isMaxWaitInRange() {
            return maxWait == null || (!maxWait.isNegative() && maxWait.compareTo(Duration.ofSeconds(1)) <= 0);
        }
    }

    /**
     * Token buckets per API key (per client IP without a valid key) for {@code /api/**}.
     *
     * @param capacity        tokens a bucket holds: the largest burst; 0 turns rate limiting off
     * @param refillPerSecond tokens added per second: the sustained rate
     * @param roles           optional other limits for callers of a role ({@code admin}, {@code user})
     * @param store           {@code memory} (one replica) or {@code postgres} (shared by all replicas)
     * @param trustedProxies  addresses or CIDR ranges of proxies whose {@code X-Forwarded-For} is believed
     * @param maxBuckets      most buckets the {@code memory} store keeps (its memory ceiling); past it the
     *                        buckets of the clients seen least often are dropped and start full again
     */
    public record RateLimit(
            @Min(0) @Max(1_000_000) long capacity,
            @DecimalMin("0.001") @DecimalMax("1000000") double refillPerSecond,
            Map<String, @Valid RoleLimit> roles,
            @NotNull Store store,
            List<@NotBlank String> trustedProxies,
            @Min(1_000) @Max(10_000_000) long maxBuckets) {

        public enum Store {
            MEMORY,
            POSTGRES
        }

        public RateLimit {
            roles = roles == null ? Map.of() : Map.copyOf(roles);
            trustedProxies = trustedProxies == null ? List.of() : List.copyOf(trustedProxies);
        }

        public boolean enabled() {
            return capacity > 0;
        }

        @AssertTrue(message = "bursar.rate-limit.roles must name the roles admin or user") public boolean isRolesKnown() {
            return roles.keySet().stream().allMatch(role -> role.equals("admin") || role.equals("user"));
        }
    }

    public record RoleLimit(
            @Min(1) @Max(1_000_000) long capacity,
            @DecimalMin("0.001") @DecimalMax("1000000") double refillPerSecond) {}
}
