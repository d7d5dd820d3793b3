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
        return new OncePerRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                around(request, response, chain);
            }
        };
    }

    /** This step as a filter of API requests only ({@link RequestPaths#API}, on the decoded path). */
    default OncePerRequestFilter apiRequests() {
        return new ApiRequestFilter() {
            @Override
            protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
                    throws ServletException, IOException {
                around(request, response, chain);
            }
        };
    }
}
