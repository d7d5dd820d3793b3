package dev.bursar.internal.middleware;

import io.micrometer.tracing.Span;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Returns the request's W3C trace context as a {@code traceparent} response header, so a client
 * (or an operator holding a response) can find the request's trace and log lines. Runs inside the
 * observation filter, which has already continued the caller's {@code traceparent} or started a
 * new trace.
 */
public class TraceparentFilter extends OncePerRequestFilter {

    private final Tracer tracer;
    private final Propagator propagator;

    public TraceparentFilter(Tracer tracer, Propagator propagator) {
        this.tracer = tracer;
        this.propagator = propagator;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Span span = tracer.currentSpan();
        if (span != null) {
            propagator.inject(span.context(), response, HttpServletResponse::setHeader);
        }
        chain.doFilter(request, response);
    }
}
