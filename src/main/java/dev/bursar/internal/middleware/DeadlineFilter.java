package dev.bursar.internal.middleware;

import dev.bursar.internal.deadline.Deadlines;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.time.Duration;

/** Gives every API request ({@link RequestPaths#API}) its time budget ({@code bursar.http.request-timeout}). */
class DeadlineFilter extends ApiRequestFilter {

    private final Deadlines deadlines;
    private final Duration budget;

    DeadlineFilter(Deadlines deadlines, Duration budget) {
        this.deadlines = deadlines;
        this.budget = budget;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        try (Deadlines.Scope scope = deadlines.start(budget)) {
            chain.doFilter(request, response);
        }
    }
}
