package dev.bursar.internal.middleware;

import dev.bursar.internal.domain.Ids;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * First filter of the chain: gives every request an id (the client's {@code X-Request-Id} when it
 * is well formed), returns it in the response, puts it on every log line of the request, and logs
 * the request once when it completes. Headers, query strings and bodies are never logged, so no
 * API key can reach the logs from here.
 */
public class RequestLoggingFilter extends OncePerRequestFilter {

    private static final Logger log = LoggerFactory.getLogger(RequestLoggingFilter.class);
    private static final Pattern VALID_REQUEST_ID = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    private final Level completedLevel;

    /** @param completedLevel level of the line logged for a request that did not fail with a 5xx */
    public RequestLoggingFilter(Level completedLevel) {
        this.completedLevel = completedLevel;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String requestId = requestId(request.getHeader(RequestAttributes.REQUEST_ID_HEADER));
        request.setAttribute(RequestAttributes.REQUEST_ID, requestId);
        response.setHeader(RequestAttributes.REQUEST_ID_HEADER, requestId);
        MDC.put("request_id", requestId);
        long start = System.nanoTime();
        boolean failed = true;
        try {
            chain.doFilter(request, response);
            failed = false;
        } finally {
            // An exception escaping the chain becomes a 500 after this filter returns.
            int status = failed ? HttpServletResponse.SC_INTERNAL_SERVER_ERROR : response.getStatus();
            // user_id, when the caller is known, is already in the MDC (set by the authentication filter).
            var line = log.atLevel(status >= 500 ? Level.WARN : completedLevel)
                    .addKeyValue("method", request.getMethod())
                    .addKeyValue("path", request.getRequestURI())
                    .addKeyValue("status", status)
                    .addKeyValue("duration_ms", (System.nanoTime() - start) / 1_000_000.0);
            if (request.getAttribute(RequestAttributes.PROBLEM_CODE) instanceof String code) {
                line = line.addKeyValue("problem_code", code);
            }
            line.log("request completed");
            MDC.remove("request_id");
            MDC.remove("user_id");
        }
    }

    private static String requestId(String supplied) {
        return supplied != null && VALID_REQUEST_ID.matcher(supplied).matches()
                ? supplied
                : Ids.newId().toString();
    }
}
