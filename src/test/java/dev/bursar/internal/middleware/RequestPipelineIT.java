package dev.bursar.internal.middleware;

import static org.assertj.core.api.Assertions.assertThat;

import dev.bursar.cmd.server.BursarServer;
import dev.bursar.support.TestApi;
import dev.bursar.support.TestDatabaseConfiguration;
import jakarta.servlet.Filter;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Import;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.security.web.access.intercept.AuthorizationFilter;

/** The request pipeline runs in the order RequestPipeline writes down (rate limits on here). */
@SpringBootTest(
        classes = BursarServer.class,
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"bursar.security.admin-api-key=" + TestApi.ADMIN_KEY, "bursar.rate-limit.capacity=100"})
@Import(TestDatabaseConfiguration.class)
class RequestPipelineIT {

    @Autowired
    SecurityFilterChain apiSecurity;

    @Autowired
    List<FilterRegistrationBean<?>> servletFilters;

    @Test
    void servletFiltersRunInFrontOfSecurityInTheirOrder() {
        List<String> ordered = servletFilters.stream()
                .sorted(Comparator.comparingInt(FilterRegistrationBean::getOrder))
                .filter(registration -> registration.getOrder() < -100) // Spring Security's chain is at -100
                .map(FilterRegistrationBean::getFilterName)
                .toList();

        assertThat(ordered).containsSubsequence("traceparent", "requestLogging", "bodySizeLimit", "deadline");
    }

    @Test
    void insideSecurityTheAddressLimitComesBeforeTheKeyLookupAndIdempotencyAfterAuthorization() {
        List<Class<? extends Filter>> chain =
                apiSecurity.getFilters().stream().map(Filter::getClass).toList();

        assertThat(chain)
                .containsSubsequence(
                        RateLimits.BeforeAuthentication.class,
                        ApiKeyAuthenticationFilter.class,
                        RateLimits.AfterAuthentication.class,
                        AuthorizationFilter.class,
                        IdempotencyFilter.class);
    }
}
