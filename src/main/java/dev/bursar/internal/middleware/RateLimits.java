package dev.bursar.internal.middleware;

import dev.bursar.internal.config.BursarProperties;
import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.DomainException;
import dev.bursar.internal.domain.ErrorCode;
import dev.bursar.internal.service.ApiKeyService;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Token-bucket rate limiting of API requests: per API key once authenticated, per client address
 * otherwise (no key, or a key that is not valid). It runs in two steps around authentication, so
 * that a request which would cost a key lookup meets its address's limit before it costs anything:
 * <ol>
 * <li>{@link BeforeAuthentication}: a request whose key this replica does not already know to be
 * valid (no key, or one the API key cache does not hold) takes a token from its address's bucket.
 * An address over its limit gets 429 here, without a key lookup or any other database work.
 * <li>{@link AfterAuthentication}: a request with a valid key takes a token from its key's bucket
 * and gives back the one it took from its address, if any, so that requests with a valid key
 * count against their key alone. A request that came with a known key which then failed
 * authentication (revoked in the meantime) is charged to its address now.
 * </ol>
 * Every response tells the client its policy and what is left (IETF RateLimit header fields,
 * draft 11); a request over the limit gets {@code 429 rate_limited} with {@code Retry-After}.
 */
final class RateLimits {

    static final String POLICY = "default";

    private static final Logger log = LoggerFactory.getLogger(RateLimits.class);
    /** The address bucket a request took its token from before authentication. */
    private static final String ADDRESS_BUCKET = RateLimits.class.getName() + ".address_bucket";

    private final RateLimitBuckets buckets;
    private final RateLimitBuckets.Limit defaultLimit;
    private final Map<String, RateLimitBuckets.Limit> roleLimits;
    private final ClientAddress clientAddress;
    private final ApiKeyService apiKeys;
    private final HandlerExceptionResolver problems;

    RateLimits(
            BursarProperties.RateLimit settings,
            RateLimitBuckets buckets,
            ApiKeyService apiKeys,
            HandlerExceptionResolver problems) {
        this.buckets = buckets;
        this.defaultLimit = new RateLimitBuckets.Limit(settings.capacity(), settings.refillPerSecond());
        this.roleLimits = settings.roles().entrySet().stream()
                .collect(Collectors.toUnmodifiableMap(
                        Map.Entry::getKey,
                        e -> new RateLimitBuckets.Limit(
                                e.getValue().capacity(), e.getValue().refillPerSecond())));
        this.clientAddress = new ClientAddress(settings.trustedProxies());
        this.apiKeys = apiKeys;
        this.problems = problems;
    }

    BeforeAuthentication beforeAuthentication() {
        return new BeforeAuthentication();
    }

    AfterAuthentication afterAuthentication() {
        return new AfterAuthentication();
    }

    /** Step 1: a request that may cost a key lookup meets its address's limit first. */
    final class BeforeAuthentication extends ApiRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            if (ApiKeyAuthenticationFilter.bearerToken(request)
                    .filter(apiKeys::isKnownActive)
                    .isPresent()) {
                chain.doFilter(request, response); // charged to its key once authenticated
                return;
            }
            String bucket = addressBucket(request);
            if (take(bucket, defaultLimit, request, response)) {
                request.setAttribute(ADDRESS_BUCKET, bucket);
                chain.doFilter(request, response);
            }
        }
    }

    /** Step 2: a valid key is limited per key; anything else has been (or is now) charged to its address. */
    final class AfterAuthentication extends ApiRequestFilter {

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
            Caller caller = authentication != null && authentication.getPrincipal() instanceof Caller c ? c : null;
            String addressBucket = (String) request.getAttribute(ADDRESS_BUCKET);
            if (caller == null) {
                if (addressBucket != null || take(addressBucket(request), defaultLimit, request, response)) {
                    chain.doFilter(request, response);
                }
                return;
            }
            if (addressBucket != null) {
                refund(addressBucket);
            }
            RateLimitBuckets.Limit limit = roleLimits.getOrDefault(caller.role().code(), defaultLimit);
            if (take("key:" + caller.apiKeyId(), limit, request, response)) {
                chain.doFilter(request, response);
            }
        }
    }

    private String addressBucket(HttpServletRequest request) {
        return "ip:" + clientAddress.of(request);
    }

    /** Gives the address its token back; failing that, the address has one token less for a moment. */
    private void refund(String addressBucket) {
        try {
            buckets.refund(addressBucket, defaultLimit);
        } catch (RuntimeException e) {
            log.debug("could not give a rate-limit token back: {}", e.getMessage());
        }
    }

    /** Takes a token from the bucket and writes the headers; when there is none, answers 429 and returns false. */
    private boolean take(
            String bucket, RateLimitBuckets.Limit limit, HttpServletRequest request, HttpServletResponse response) {
        ConsumptionProbe probe;
        try {
            probe = buckets.tryConsume(bucket, limit);
        } catch (RuntimeException e) { // the PostgreSQL store without its database: a 503, like anywhere else
            problems.resolveException(
                    request,
                    response,
                    null,
                    new DataAccessResourceFailureException("the rate-limit store is unreachable", e));
            return false;
        }
        response.setHeader(
                "RateLimit-Policy", "\"%s\";q=%d;w=%d".formatted(POLICY, limit.capacity(), limit.fillSeconds()));
        response.setHeader(
                "RateLimit",
                "\"%s\";r=%d;t=%d".formatted(POLICY, probe.getRemainingTokens(), secondsToNextToken(probe, limit)));
        if (probe.isConsumed()) {
            return true;
        }
        long retryAfter = Math.max(1, (long) Math.ceil(probe.getNanosToWaitForRefill() / 1e9));
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        problems.resolveException(
                request,
                response,
                null,
                new DomainException(
                        ErrorCode.RATE_LIMITED,
                        String.format(
                                Locale.ROOT,
                                "over the rate limit of %d requests, %s more per second; retry in %d s",
                                limit.capacity(),
                                trim(limit.refillPerSecond()),
                                retryAfter)));
        return false;
    }

    /** Whole seconds until the bucket holds one token more than now (0 when it is full). */
    private static long secondsToNextToken(ConsumptionProbe probe, RateLimitBuckets.Limit limit) {
        if (!probe.isConsumed()) {
            return Math.max(1, (long) Math.ceil(probe.getNanosToWaitForRefill() / 1e9));
        }
        long missing = limit.capacity() - probe.getRemainingTokens();
        if (missing <= 0) {
            return 0;
        }
        double nanos = probe.getNanosToWaitForReset() - (missing - 1) * limit.nanosPerToken();
        return Math.max(0, (long) Math.ceil(nanos / 1e9));
    }

    private static String trim(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
