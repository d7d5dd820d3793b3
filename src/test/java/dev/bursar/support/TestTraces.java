package dev.bursar.support;

import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/**
 * Records the exported spans of the traces a test watches (and only those, so the many requests of
 * other tests cost no memory). Stands where an OTLP exporter would in production.
 */
@TestConfiguration(proxyBeanMethods = false)
public class TestTraces {

    @Bean
    Recorder spanRecorder() {
        return new Recorder();
    }

    public static class Recorder implements SpanExporter {

        private final Set<String> watched = ConcurrentHashMap.newKeySet();
        private final Collection<SpanData> spans = new ConcurrentLinkedQueue<>();

        public void watch(String traceId) {
            watched.add(traceId);
        }

        public List<SpanData> spansOf(String traceId) {
            return spans.stream()
                    .filter(span -> span.getTraceId().equals(traceId))
                    .toList();
        }

        @Override
        public CompletableResultCode export(Collection<SpanData> batch) {
            batch.stream().filter(span -> watched.contains(span.getTraceId())).forEach(spans::add);
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode flush() {
            return CompletableResultCode.ofSuccess();
        }

        @Override
        public CompletableResultCode shutdown() {
            return CompletableResultCode.ofSuccess();
        }
    }
}
