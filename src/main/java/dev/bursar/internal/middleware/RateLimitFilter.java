package dev.bursar.internal.middleware;

import dev.bursar.internal.config.BursarProperties;
import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.DomainException;
import dev.bursar.internal.domain.ErrorCode;
import io.github.bucket4j.ConsumptionProbe;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Token-bucket rate limiting of API requests ({@link RequestPaths#API}): per API key once authenticated, per client
 * address otherwise (no key, or a key that is not valid). Every response tells the client its
 * policy and what is left (IETF RateLimit header fields, draft 11); a request over the limit gets
 * {@code 429 rate_limited} with {@code Retry-After}.
 */
public class RateLimitFilter extends OncePerRequestFilter {

    static final String POLICY = "default";

    private final RateLimitBuckets buckets;
    private final RateLimitBuckets.Limit defaultLimit;
    private final Map<String, RateLimitBuckets.Limit> roleLimits;
    private final ClientAddress clientAddress;
    private final HandlerExceptionResolver problems;

    RateLimitFilter(BursarProperties.RateLimit settings, RateLimitBuckets buckets, HandlerExceptionResolver problems) {
        this.buckets = buckets;
        this.defaultLimit = new RateLimitBuckets.Limit(settings.capacity(), settings.refillPerSecond());
        this.roleLimits = settings.roles().entrySet().stream().collect(Collectors.toUnmodifiableMap(
                Map.Entry::getKey, e -> new RateLimitBuckets.Limit(e.getValue().capacity(), e.getValue().refillPerSecond())));
        this.clientAddress = new ClientAddress(settings.trustedProxies());
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !RequestPaths.API.matches(request);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        Caller caller = authentication != null && authentication.getPrincipal() instanceof Caller c ? c : null;
        RateLimitBuckets.Limit limit = caller == null ? defaultLimit
                : roleLimits.getOrDefault(caller.role().code(), defaultLimit);
        String bucket = caller == null ? "ip:" + clientAddress.of(request) : "key:" + caller.apiKeyId();

        ConsumptionProbe probe = buckets.tryConsume(bucket, limit);
        response.setHeader("RateLimit-Policy", "\"%s\";q=%d;w=%d".formatted(POLICY, limit.capacity(), limit.fillSeconds()));
        response.setHeader("RateLimit", "\"%s\";r=%d;t=%d".formatted(POLICY, probe.getRemainingTokens(),
                secondsToNextToken(probe, limit)));
        if (probe.isConsumed()) {
            chain.doFilter(request, response);
            return;
        }
        long retryAfter = Math.max(1, (long) Math.ceil(probe.getNanosToWaitForRefill() / 1e9));
        response.setHeader(HttpHeaders.RETRY_AFTER, Long.toString(retryAfter));
        problems.resolveException(request, response, null, new DomainException(ErrorCode.RATE_LIMITED,
                String.format(Locale.ROOT, "over the rate limit of %d requests, %s more per second; retry in %d s",
                        limit.capacity(), trim(limit.refillPerSecond()), retryAfter)));
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
