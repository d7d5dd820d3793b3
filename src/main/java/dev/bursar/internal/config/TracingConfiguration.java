package dev.bursar.internal.config;

import io.micrometer.observation.ObservationPredicate;
import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * SQL statements are observed (as spans) only inside a sampled trace: an unsampled trace would
 * drop the span anyway, and observing every statement of every request costs the hot path
 * measurably (see docs/benchmarks.md). Statements outside any request, such as housekeeping,
 * start no traces of their own.
 */
@Configuration(proxyBeanMethods = false)
public class TracingConfiguration {

    @Bean
    ObservationPredicate databaseObservationsInSampledTracesOnly(ObjectProvider<Tracer> tracer) {
        return (name, context) -> !name.startsWith("jdbc.") || sampled(tracer.getIfAvailable());
    }

    private static boolean sampled(Tracer tracer) {
        Span span = tracer == null ? null : tracer.currentSpan();
        return span != null && Boolean.TRUE.equals(span.context().sampled());
    }
}
