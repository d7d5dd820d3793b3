package dev.bursar.internal.middleware;

import dev.bursar.internal.config.BursarProperties;
import dev.bursar.internal.service.ApiKeyService;
import dev.bursar.internal.service.IdempotencyService;
import javax.sql.DataSource;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;
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
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Spring Security does the plumbing: the filter chain, its firewall against path tricks, 401/403
 * handling and security headers. Authentication is by API key only; the API is stateless, so
 * there are no sessions, cookies or CSRF tokens. Failures are handed to Spring MVC's exception
 * resolvers so they are rendered by the same problem mapping as every other error.
 *
 * <p>The order in which a request meets the edge is decided here and in {@link FilterConfiguration},
 * nowhere else:
 * <ol>
 * <li>Servlet filters ({@link FilterConfiguration}): observation, {@code traceparent}, request log,
 * body size limit, deadline. Every response, refused ones included, is traced and logged.
 * <li>Spring Security's firewall: path tricks (encoded slashes, {@code ..}, {@code ;}) get 400.
 * <li>{@link RateLimits.BeforeAuthentication}: a request whose key is not already known to be
 * valid takes a token from its address's bucket; an address over its limit gets 429 before any
 * database work.
 * <li>{@link ApiKeyAuthenticationFilter}: the key lookup.
 * <li>{@link RateLimits.AfterAuthentication}: a valid key takes its token from its key's bucket.
 * <li>Authorization: 401 without a valid key, 403 for a role that may never do it, before the body is read.
 * <li>{@link IdempotencyFilter}: only authorized requests, only to handlers marked {@link AcceptsIdempotencyKey}.
 * </ol>
 * What a request is (an API request, the handler it reaches, whether it takes an Idempotency-Key)
 * is decided on the decoded path ({@link RequestPaths}) or by the handler mapping, never on the
 * raw URI: a percent-encoded spelling reaches the same handler and meets the same rules.
 */
@Configuration(proxyBeanMethods = false)
@EnableWebSecurity
public class SecurityConfiguration {

    private final HandlerExceptionResolver problems;

    public SecurityConfiguration(@Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        this.problems = problems;
    }

    @Bean
    SecurityFilterChain apiSecurity(
            HttpSecurity http,
            ApiKeyService apiKeys,
            IdempotencyService idempotency,
            BursarProperties properties,
            ObjectProvider<RateLimitBuckets> rateLimitBuckets,
            @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping handlerMapping) {
        AuthenticationEntryPoint unauthorized =
                (request, response, e) -> problems.resolveException(request, response, null, e);
        AccessDeniedHandler forbidden = (request, response, e) -> problems.resolveException(request, response, null, e);
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

        // Our filters, in the order of the class comment.
        http.addFilterBefore(new ApiKeyAuthenticationFilter(apiKeys, problems), AnonymousAuthenticationFilter.class);
        BursarProperties.RateLimit settings = properties.rateLimit();
        if (settings.enabled()) {
            RateLimits limits = new RateLimits(settings, rateLimitBuckets.getObject(), apiKeys, problems);
            http.addFilterBefore(limits.beforeAuthentication(), ApiKeyAuthenticationFilter.class)
                    .addFilterAfter(limits.afterAuthentication(), ApiKeyAuthenticationFilter.class);
        }
        // After authorization: refused requests (401, 403) never touch an Idempotency-Key.
        http.addFilterAfter(
                new IdempotencyFilter(idempotency, new HandlerLookup(handlerMapping), problems),
                AuthorizationFilter.class);
        return http.build();
    }

    @Bean
    RateLimitBuckets rateLimitBuckets(BursarProperties properties, DataSource dataSource) {
        return RateLimitBuckets.create(properties.rateLimit(), dataSource);
    }

    /**
     * No observation around every security filter of every request: it costs more than it tells.
     * Requests are observed as a whole ({@code http.server.requests}).
     */
    @Bean
    SecurityObservationSettings securityObservationSettings() {
        return SecurityObservationSettings.noObservations();
    }

    /** Requests the firewall refuses (encoded slashes, {@code ..}, {@code ;}, ...) get a 400 problem. */
    @Bean
    RequestRejectedHandler requestRejectedHandler() {
        return (request, response, e) -> problems.resolveException(request, response, null, e);
    }
}
