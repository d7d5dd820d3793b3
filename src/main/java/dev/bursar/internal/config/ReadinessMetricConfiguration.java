package dev.bursar.internal.config;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.binder.MeterBinder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Exports the readiness probe as the gauge {@code bursar.readiness} (1 UP, 0 otherwise), so an
 * alert can fire on a replica that is up but not ready (database gone, shutting down) without
 * asking the orchestrator. Evaluated on each scrape.
 */
@Configuration(proxyBeanMethods = false)
public class ReadinessMetricConfiguration {

    @Bean
    MeterBinder readinessGauge(ObjectProvider<HealthEndpoint> health) {
        return registry -> Gauge.builder("bursar.readiness", health, ReadinessMetricConfiguration::ready)
                .description("1 when the readiness health group (database included) is UP, else 0")
                .register(registry);
    }

    private static double ready(ObjectProvider<HealthEndpoint> health) {
        HealthEndpoint endpoint = health.getIfAvailable();
        HealthDescriptor readiness = endpoint == null ? null : endpoint.healthForPath("readiness");
        return readiness != null && Status.UP.equals(readiness.getStatus()) ? 1 : 0;
    }
}
