package dev.bursar.internal.middleware;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import java.util.Collections;
import java.util.Enumeration;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * The controller method that will serve a request, found ahead of the DispatcherServlet by asking
 * the same handler mapping it asks first. The lookup leaves the request as it was: the path it
 * parses and the attributes the mapping records go to a layer that is thrown away.
 */
final class HandlerLookup {

    private final RequestMappingHandlerMapping mapping;

    HandlerLookup(RequestMappingHandlerMapping mapping) {
        this.mapping = mapping;
    }

    /** The handler method, or empty when the request reaches none (404, 405, 406, 415, ...). */
    Optional<HandlerMethod> handlerOf(HttpServletRequest request) {
        HttpServletRequest lookup = new ThrowawayAttributes(request);
        try {
            ServletRequestPathUtils.parseAndCache(lookup);
            HandlerExecutionChain chain = mapping.getHandler(lookup);
            return chain != null && chain.getHandler() instanceof HandlerMethod method
                    ? Optional.of(method)
                    : Optional.empty();
        } catch (Exception noHandler) {
            // The DispatcherServlet's own lookup fails the same way and answers it; no handler runs.
            return Optional.empty();
        }
    }

    /** Attributes written during the lookup stay in this wrapper; reads fall through to the request. */
    private static final class ThrowawayAttributes extends HttpServletRequestWrapper {

        private static final Object REMOVED = new Object();

        private final Map<String, Object> written = new HashMap<>();

        ThrowawayAttributes(HttpServletRequest request) {
            super(request);
        }

        @Override
        public Object getAttribute(String name) {
            Object value = written.get(name);
            if (value == null) {
                return super.getAttribute(name);
            }
            return value == REMOVED ? null : value;
        }

        @Override
        public Enumeration<String> getAttributeNames() {
            Set<String> names = new LinkedHashSet<>(Collections.list(super.getAttributeNames()));
            written.forEach((name, value) -> {
                if (value == REMOVED) {
                    names.remove(name);
                } else {
                    names.add(name);
                }
            });
            return Collections.enumeration(names);
        }

        @Override
        public void setAttribute(String name, Object value) {
            written.put(name, value == null ? REMOVED : value);
        }

        @Override
        public void removeAttribute(String name) {
            written.put(name, REMOVED);
        }
    }
}
