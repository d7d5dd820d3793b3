package dev.bursar.internal.middleware;

import org.slf4j.event.Level;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.ManagementContextType;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.core.Ordered;
import org.springframework.core.type.AnnotatedTypeMetadata;

/**
 * Responses of the management port carry {@code X-Request-Id} too. Probes hit it every few
 * seconds, so its requests are logged at DEBUG (failures still at WARN).
 */
@ManagementContextConfiguration(value = ManagementContextType.CHILD, proxyBeanMethods = false)
@Conditional(ManagementRequestIdConfiguration.InChildContext.class)
public class ManagementRequestIdConfiguration {

    /** Component scanning also finds this class; only the management (child) context may use it. */
    static class InChildContext implements Condition {

        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return context.getBeanFactory() != null && context.getBeanFactory().getParentBeanFactory() != null;
        }
    }

    @Bean
    FilterRegistrationBean<RequestLoggingFilter> managementRequestLoggingFilter() {
        var registration = new FilterRegistrationBean<>(new RequestLoggingFilter(Level.DEBUG));
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 1);
        return registration;
    }
}
