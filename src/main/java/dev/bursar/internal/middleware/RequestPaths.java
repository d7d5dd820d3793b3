package dev.bursar.internal.middleware;

import jakarta.servlet.http.HttpServletRequest;
import org.springframework.http.server.PathContainer;
import org.springframework.http.server.RequestPath;
import org.springframework.security.web.util.matcher.RequestMatcher;
import org.springframework.web.util.ServletRequestPathUtils;
import org.springframework.web.util.pattern.PathPattern;
import org.springframework.web.util.pattern.PathPatternParser;

/**
 * A request's path as the handler mappings and Spring Security's matchers see it: parsed from the
 * raw URI and percent-decoded segment by segment. {@code /%61pi/v1/%74ransfers} reaches the same
 * handler as {@code /api/v1/transfers}, so every rule about paths is decided here, never on
 * {@link HttpServletRequest#getRequestURI()}.
 */
final class RequestPaths {

    private static final PathPattern API_PATTERN = PathPatternParser.defaultInstance.parse("/api/**");

    /** API requests ({@code /api/**}, however spelled): authenticated, rate limited, given a deadline. */
    static final RequestMatcher API =
            request -> API_PATTERN.matches(parse(request).pathWithinApplication());

    private RequestPaths() {}

    /** The path within the application, decoded: the same text for every spelling of one path. */
    static String decoded(HttpServletRequest request) {
        StringBuilder decoded = new StringBuilder();
        for (PathContainer.Element element :
                parse(request).pathWithinApplication().elements()) {
            decoded.append(
                    element instanceof PathContainer.PathSegment segment ? segment.valueToMatch() : element.value());
        }
        return decoded.toString();
    }

    /** Parses the path exactly as the DispatcherServlet will, leaving the request's attributes as they were. */
    private static RequestPath parse(HttpServletRequest request) {
        Object previous = request.getAttribute(ServletRequestPathUtils.PATH_ATTRIBUTE);
        RequestPath path = ServletRequestPathUtils.parseAndCache(request);
        ServletRequestPathUtils.setParsedRequestPath((RequestPath) previous, request);
        return path;
    }
}
