package dev.bursar.internal.middleware;

import dev.bursar.internal.config.BursarProperties;
import dev.bursar.internal.deadline.Deadlines;
import dev.bursar.internal.service.ApiKeyService;
import dev.bursar.internal.service.EventService;
import dev.bursar.internal.service.Ledger;
import io.github.bucket4j.postgresql.PostgreSQLSelectForUpdateBasedProxyManager;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletResponse;
import java.time.Duration;
import org.slf4j.event.Level;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.HttpMethod;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.config.http.SessionCreationPolicy;
import org.springframework.security.config.observation.SecurityObservationSettings;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.access.intercept.AuthorizationFilter;
import org.springframework.security.web.authentication.AnonymousAuthenticationFilter;
import org.springframework.security.web.firewall.RequestRejectedHandler;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every step a request meets before its controller, in order, configured here and nowhere else
 * (the Tomcat connector's own settings are in {@link TomcatConfiguration}):
 *
 * <ol>
 *   <li>{@link ContainerErrorValve}: what Tomcat refuses before any filter runs gets problem+json.
 *   <li>Spring's observation filter ({@code HIGHEST_PRECEDENCE + 1}): continues or starts the trace,
 *       times the request.
 *   <li>{@link #traceparentFilter traceparent}, {@link RequestLoggingFilter}: every response,
 *       refused ones included, carries a request id and a trace id and is logged once.
 *   <li>{@link BodySizeLimit}: 413 for a body over {@code bursar.http.max-body-size}.
 *   <li>{@link #deadlineFilter deadline} (API requests): the request's time budget.
 *   <li>Spring Security ({@link #apiSecurity}): its firewall refuses path tricks (encoded slashes,
 *       {@code ..}, {@code ;}) with 400, then
 *       <ol>
 *         <li>{@link RateLimits.BeforeAuthentication} (API requests): a request whose key is not
 *             already known to be valid takes a token from its address's bucket; an address over
 *             its limit gets 429 before any database work;
 *         <li>{@link ApiKeyAuthenticationFilter} (API requests): the key lookup;
 *         <li>{@link RateLimits.AfterAuthentication} (API requests): a valid key takes its token
 *             from its key's bucket;
 *         <li>authorization: 401 without a valid key, 403 for a role that may never do it, before
 *             the body is read;
 *         <li>{@link IdempotencyFilter}: authorized requests to handlers marked
 *             {@link AcceptsIdempotencyKey} only.
 *       </ol>
 * </ol>
 *
 * What a request is (an API request, the handler it reaches, whether it takes an Idempotency-Key)
 * is decided on the decoded path ({@link RequestPaths}) or by the handler mapping, never on the raw
 * URI: a percent-encoded spelling reaches the same handler and meets the same rules. Failures are
 * handed to Spring MVC's exception resolvers, so that the one problem mapping renders them all.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class RequestPipeline {

    // The servlet filters in front of Spring Security (order -100), in the order a request meets them.
    private static final int TRACEPARENT = Ordered.HIGHEST_PRECEDENCE + 2;
    private static final int REQUEST_LOG = TRACEPARENT + 1;
    private static final int BODY_LIMIT = REQUEST_LOG + 1;
    private static final int DEADLINE = BODY_LIMIT + 1;

    private final HandlerExceptionResolver problems;

    public RequestPipeline(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        this.problems = problems;
    }

    /**
     * The request's W3C trace context as a {@code traceparent} response header, so that a client (or
     * an operator holding a response) can find its trace and log lines. Runs inside the observation
     * filter, which has continued the caller's trace or started one.
     */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> traceparentFilter(Tracer tracer, Propagator propagator) {
        PipelineStep traceparent = (request, response, chain) -> {
            Span span = tracer.currentSpan();
            if (span != null) {
                propagator.inject(span.context(), response, HttpServletResponse::setHeader);
            }
            chain.doFilter(request, response);
        };
        return ordered("traceparent", traceparent.everyRequest(), TRACEPARENT);
    }

    @Bean
    FilterRegistrationBean<RequestLoggingFilter> requestLoggingFilter() {
        return ordered("requestLogging", new RequestLoggingFilter(Level.INFO), REQUEST_LOG);
    }

    @Bean
    FilterRegistrationBean<OncePerRequestFilter> bodySizeLimitFilter(BursarProperties properties) {
        return ordered(
                "bodySizeLimit",
                new BodySizeLimit(properties.http().maxBodySize().toBytes(), problems).everyRequest(),
                BODY_LIMIT);
    }

    /** Gives every API request its time budget ({@code bursar.http.request-timeout}), read by the database layer. */
    @Bean
    FilterRegistrationBean<OncePerRequestFilter> deadlineFilter(Deadlines deadlines, BursarProperties properties) {
        Duration budget = properties.http().requestTimeout();
        PipelineStep deadline = (request, response, chain) -> {
            try (Deadlines.Scope scope = deadlines.start(budget)) {
                chain.doFilter(request, response);
            }
        };
        return ordered("deadline", deadline.apiRequests(), DEADLINE);
    }

    @Bean
    SecurityFilterChain apiSecurity(
            HttpSecurity http,
            ApiKeyService apiKeys,
            Ledger ledger,
            EventService events,
            BursarProperties properties,
            ObjectProvider<RateLimitBuckets> rateLimitBuckets,
            @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping handlerMapping) {
        AuthenticationEntryPoint unauthorized =
                (request, response, e) -> problems.resolveException(request, response, null, e);
        AccessDeniedHandler forbidden = (request, response, e) -> problems.resolveException(request, response, null, e);
        // Stateless, by API key only: no sessions, cookies, CSRF tokens, forms or basic auth.
        http.csrf(csrf -> csrf.disable())
                .httpBasic(basic -> basic.disable())
                .formLogin(form -> form.disable())
                .logout(logout -> logout.disable())
                .requestCache(cache -> cache.disable())
                .sessionManagement(sessions -> sessions.sessionCreationPolicy(SessionCreationPolicy.STATELESS))
                .exceptionHandling(
                        errors -> errors.authenticationEntryPoint(unauthorized).accessDeniedHandler(forbidden))
                // Spring Security's matchers decode the path, as the handler mappings do.
                .authorizeHttpRequests(requests -> requests
                        // An event stream's completion comes back as an async dispatch, and an error
                        // page as an error dispatch: the request they belong to was authorized already.
                        .dispatcherTypeMatchers(DispatcherType.ASYNC, DispatcherType.ERROR)
                        .permitAll()
                        // Operations only admins may ever perform are refused (403) before the body is read.
                        .requestMatchers(HttpMethod.POST, "/api/v1/users")
                        .hasRole("ADMIN")
                        .requestMatchers(HttpMethod.GET, "/api/v1/users")
                        .hasRole("ADMIN")
                        .requestMatchers(HttpMethod.DELETE, "/api/v1/users/*")
                        .hasRole("ADMIN")
                        .requestMatchers(HttpMethod.PATCH, "/api/v1/accounts/*")
                        .hasRole("ADMIN")
                        .requestMatchers(
                                HttpMethod.POST, "/api/v1/accounts/*/deposits", "/api/v1/accounts/*/withdrawals")
                        .hasRole("ADMIN")
                        .requestMatchers(RequestPaths.API)
                        .authenticated()
                        .anyRequest()
                        .permitAll());

        // Our filters inside the chain, in the order of the class comment.
        http.addFilterBefore(
                new ApiKeyAuthenticationFilter(apiKeys, events, new HandlerLookup(handlerMapping), problems),
                AnonymousAuthenticationFilter.class);
        BursarProperties.RateLimit settings = properties.rateLimit();
        if (settings.enabled()) {
            RateLimits limits = new RateLimits(settings, rateLimitBuckets.getObject(), apiKeys, problems);
            http.addFilterBefore(limits.beforeAuthentication(), ApiKeyAuthenticationFilter.class)
                    .addFilterAfter(limits.afterAuthentication(), ApiKeyAuthenticationFilter.class);
        }
        // After authorization: refused requests (401, 403) never touch an Idempotency-Key.
        http.addFilterAfter(
                new IdempotencyFilter(ledger, new HandlerLookup(handlerMapping), problems), AuthorizationFilter.class);
        return http.build();
    }

    @Bean
    RateLimitBuckets rateLimitBuckets(
            BursarProperties properties,
            ObjectProvider<PostgreSQLSelectForUpdateBasedProxyManager<String>> rateLimitBucketTable) {
        return RateLimitBuckets.create(properties.rateLimit(), rateLimitBucketTable::getObject);
    }

    /** Requests the firewall refuses (encoded slashes, {@code ..}, {@code ;}, ...) get a 400 problem. */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, e) -> problems.resolveException(request, response, null, e);
    }

    /** The problem code of a refused request becomes a tag of {@code http.server.requests}. */
    @Bean
    ServerRequestObservationConvention problemCodeObservationConvention() {
        return new ProblemCodeObservationConvention();
    }

    /**
     * No observation around every security filter of every request: it costs more than it tells.
     * Requests are observed as a whole ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    private static <F extends Filter> FilterRegistrationBean<F> ordered(String name, F filter, int order) {
        FilterRegistrationBean<F> registration = new FilterRegistrationBean<>(filter);
        registration.setName(name);
        registration.setOrder(order);
        return registration;
    }
}
