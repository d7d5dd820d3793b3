package dev.bursar.internal.middleware;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * A filter of API requests only: {@link RequestPaths#API}, decided on the decoded path, so that
 * every spelling of an API path meets it. The prologue the API filters share, written once.
 */
abstract class ApiRequestFilter extends OncePerRequestFilter {

    @Override
    protected final boolean shouldNotFilter(HttpServletRequest request) {
        return !RequestPaths.API.matches(request);
    }
}
