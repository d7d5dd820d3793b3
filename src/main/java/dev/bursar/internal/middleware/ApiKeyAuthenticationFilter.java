package dev.bursar.internal.middleware;

import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.service.ApiKeyService;
import dev.bursar.internal.service.EventService;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import java.util.Optional;
import org.slf4j.MDC;
import org.springframework.http.HttpHeaders;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContext;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.core.context.SecurityContextHolderStrategy;
import org.springframework.web.servlet.HandlerExceptionResolver;

/**
 * Authenticates API requests ({@link RequestPaths#API}) by {@code Authorization: Bearer <api-key>},
 * or, for handlers marked {@link AcceptsTicket} and only without that header, by {@code ?ticket=}
 * (used up by this request). A request without either, or with a malformed, unknown or revoked
 * key, or an unknown, used or expired ticket, goes on unauthenticated and is refused (401) by the
 * authorization rules.
 */
public class ApiKeyAuthenticationFilter extends ApiRequestFilter {

    private static final String BEARER = "Bearer ";

    private static final String TICKET = "ticket";

    private final ApiKeyService apiKeys;
    private final EventService events;
    private final HandlerLookup handlers;
    private final HandlerExceptionResolver problems;
    private final SecurityContextHolderStrategy contexts = SecurityContextHolder.getContextHolderStrategy();

    ApiKeyAuthenticationFilter(
            ApiKeyService apiKeys, EventService events, HandlerLookup handlers, HandlerExceptionResolver problems) {
        this.apiKeys = apiKeys;
        this.events = events;
        this.handlers = handlers;
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        boolean byTicket = request.getHeader(HttpHeaders.AUTHORIZATION) == null
                && request.getParameter(TICKET) != null
                && handlers.handlerOf(request)
                        .filter(handler -> handler.hasMethodAnnotation(AcceptsTicket.class))
                        .isPresent();
        if (request.getHeader(HttpHeaders.AUTHORIZATION) == null && !byTicket) {
            chain.doFilter(request, response);
            return;
        }
        Optional<Caller> caller;
        try {
            caller = byTicket
                    ? events.redeemTicket(request.getParameter(TICKET))
                    : bearerToken(request).flatMap(apiKeys::authenticate);
        } catch (RuntimeException e) { // e.g. no database connection: a 503, like anywhere else
            problems.resolveException(request, response, null, e);
            return;
        }
        if (caller.isEmpty()) {
            // Go on unauthenticated: rate limited by address like requests without a key, then
            // refused (401) by the authorization rules.
            contexts.clearContext();
            chain.doFilter(request, response);
            return;
        }
        authenticate(caller.get());
        chain.doFilter(request, response);
    }

    private void authenticate(Caller caller) {
        var authority = new SimpleGrantedAuthority("ROLE_" + caller.role().name());
        SecurityContext context = contexts.createEmptyContext();
        context.setAuthentication(UsernamePasswordAuthenticationToken.authenticated(caller, null, List.of(authority)));
        contexts.setContext(context);
        MDC.put("user_id", caller.userId().toString());
    }

    /** The API key of {@code Authorization: Bearer <api-key>}, if the request has one. */
    static Optional<String> bearerToken(HttpServletRequest request) {
        String header = request.getHeader(HttpHeaders.AUTHORIZATION);
        if (header == null
                || header.length() <= BEARER.length()
                || !header.regionMatches(true, 0, BEARER, 0, BEARER.length())) {
            return Optional.empty();
        }
        return Optional.of(header.substring(BEARER.length()).strip());
    }
}
