package dev.bursar.internal.middleware;

import dev.bursar.internal.config.BursarProperties;
import dev.bursar.internal.deadline.Deadlines;
import org.slf4j.event.Level;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * The servlet filters in front of Spring Security (which sits at order -100): request logging
 * first, so that every response, refused ones included, carries a request id and is logged once.
 */
@Configuration(proxyBeanMethods = false)
public class FilterConfiguration {

    @Bean
    FilterRegistrationBean<RequestLoggingFilter> requestLoggingFilter() {
        var registration = new FilterRegistrationBean<>(new RequestLoggingFilter(Level.INFO));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }

    @Bean
    FilterRegistrationBean<DeadlineFilter> deadlineFilter(Deadlines deadlines, BursarProperties properties) {
        var registration = new FilterRegistrationBean<>(new DeadlineFilter(deadlines, properties.http().requestTimeout()));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 3);
        return registration;
    }

    @Bean
    FilterRegistrationBean<BodySizeLimitFilter> bodySizeLimitFilter(BursarProperties properties,
            @Qualifier("handlerExceptionResolver") HandlerExceptionResolver problems) {
        long maxBytes = properties.http().maxBodySize().toBytes();
        var registration = new FilterRegistrationBean<>(new BodySizeLimitFilter(maxBytes, problems));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 2);
        return registration;
    }
}
