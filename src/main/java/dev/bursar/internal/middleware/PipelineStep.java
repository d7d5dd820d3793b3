package dev.bursar.internal.middleware;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.web.filter.OncePerRequestFilter;

/** A small step of the request pipeline, written where the pipeline is listed: what it does around the rest. */
@FunctionalInterface
interface PipelineStep {

    void around(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException;

    /** This step as a filter of every request. */
    default OncePerRequestFilter everyRequest() {
        return new StepFilter(this, false);
    }

    /** This step as a filter of API requests only ({@link RequestPaths#API}, on the decoded path). */
    default OncePerRequestFilter apiRequests() {
        return new StepFilter(this, true);
    }

    /** A step registered as a servlet filter. */
    final class StepFilter extends OncePerRequestFilter {

        private final PipelineStep step;
        private final boolean apiOnly;

        private StepFilter(PipelineStep step, boolean apiOnly) {
            this.step = step;
            this.apiOnly = apiOnly;
        }

        @Override
        protected boolean shouldNotFilter(HttpServletRequest request) {
            return apiOnly && !RequestPaths.API.matches(request);
        }

        @Override
        protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                throws ServletException, IOException {
            step.around(request, response, chain);
        }
    }
}
