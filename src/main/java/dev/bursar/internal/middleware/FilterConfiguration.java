package dev.bursar.internal.middleware;

import dev.bursar.internal.config.BursarProperties;
import dev.bursar.internal.deadline.Deadlines;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import org.slf4j.event.Level;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.http.server.observation.ServerRequestObservationConvention;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The servlet filters in front of Spring Security (which sits at order -100). Spring's observation
 * filter comes first (order {@code HIGHEST_PRECEDENCE + 1}: it continues or starts the trace and
 * times the request), then the {@code traceparent} response header, then request logging, so that
 * every response, refused ones included, carries a request id and a trace id and is logged once.
 * Then the body size limit and the deadline. The whole order, Spring Security's part included, is
 * written down in {@link SecurityConfiguration}.
 */
@Configuration(proxyBeanMethods = false)
public class FilterConfiguration {

    @Bean
    ServerRequestObservationConvention problemCodeObservationConvention() {
        return new ProblemCodeObservationConvention();
    }

    @Bean
    FilterRegistrationBean<TraceparentFilter> traceparentFilter(Tracer tracer, Propagator propagator) {
        var registration = new FilterRegistrationBean<>(new TraceparentFilter(tracer, propagator));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }

    @Bean
    FilterRegistrationBean<RequestLoggingFilter> requestLoggingFilter() {
        var registration = new FilterRegistrationBean<>(new RequestLoggingFilter(Level.INFO));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return registration;
    }

    @Bean
    FilterRegistrationBean<DeadlineFilter> deadlineFilter(Deadlines deadlines, BursarProperties properties) {
        var registration = new FilterRegistrationBean<>(
                new DeadlineFilter(deadlines, properties.http().requestTimeout()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 5);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(
            BursarProperties properties, @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        long maxBytes = properties.http().maxBodySize().toBytes();
        var registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(maxBytes, problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 4);
        return registration;
    }
}
