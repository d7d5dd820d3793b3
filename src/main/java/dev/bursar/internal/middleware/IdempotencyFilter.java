package dev.bursar.internal.middleware;

import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.DomainException;
import dev.bursar.internal.domain.ErrorCode;
import dev.bursar.internal.domain.StoredResponse;
import dev.bursar.internal.service.IdempotencyService;
import dev.bursar.internal.service.IdempotencyService.Decision;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.BufferedReader;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.util.ContentCachingResponseWrapper;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.SerializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code Idempotency-Key} for the requests that move money: those whose handler is marked
 * {@link AcceptsIdempotencyKey}, found through the handler mapping, so that every spelling of a
 * path is covered. Runs after authentication and authorization (401 and 403 are never stored).
 * The first request with a key claims it and goes on; its response is stored (a 201 by the
 * ledger, in the transaction that moves the money) and replayed to later requests with the same
 * key and fingerprint (method, decoded path, parsed body).
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    private static final Pattern VALID_KEY = Pattern.compile("[\\x20-\\x7E]{1,255}");

    // Sorted keys make the fingerprint independent of key order and whitespace.
    private final JsonMapper canonical = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private final IdempotencyService idempotency;
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final HandlerLookup handlers;
    private final HandlerExceptionResolver problems;

    IdempotencyFilter(IdempotencyService idempotency, HandlerLookup handlers, HandlerExceptionResolver problems) {
        this.idempotency = idempotency;
        this.handlers = handlers;
        this.problems = problems;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return request.getHeader(RequestAttributes.IDEMPOTENCY_KEY_HEADER) == null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String key = request.getHeader(RequestAttributes.IDEMPOTENCY_KEY_HEADER);
        Authentication authentication = SecurityContextHolder.getContext().getAuthentication();
        if (authentication == null
                || !(authentication.getPrincipal() instanceof Caller caller)
                || !acceptsKey(request)) {
            chain.doFilter(request, response);
            return;
        }
        if (!VALID_KEY.matcher(key).matches() || key.isBlank()) {
            problems.resolveException(
                    request,
                    response,
                    null,
                    DomainException.invalid(
                            RequestAttributes.IDEMPOTENCY_KEY_HEADER, "must be 1 to 255 printable ASCII characters"));
            return;
        }
        byte[] body;
        try {
            body = request.getInputStream().readAllBytes();
        } catch (RuntimeException e) { // the body size limit
            problems.resolveException(request, response, null, e);
            return;
        }
        Decision decision;
        try {
            decision = idempotency.begin(caller.userId(), key, fingerprint(request, body));
        } catch (RuntimeException e) { // e.g. no database connection: a 503, like anywhere else
            problems.resolveException(request, response, null, e);
            return;
        }
        switch (decision) {
            case Decision.Replay replay -> replay(replay.response(), response);
            case Decision.KeyReused reused ->
                problems.resolveException(
                        request,
                        response,
                        null,
                        new DomainException(
                                ErrorCode.IDEMPOTENCY_KEY_REUSED,
                                "this Idempotency-Key was used for a different request"));
            case Decision.InProgress inProgress ->
                problems.resolveException(
                        request,
                        response,
                        null,
                        new DomainException(
                                ErrorCode.IDEMPOTENCY_REQUEST_IN_PROGRESS,
                                "a request with this Idempotency-Key is still being processed; retry later"));
            case Decision.Proceed proceed -> process(new CachedBodyRequest(request, body), response, chain, proceed);
        }
    }

    private void process(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain, Decision.Proceed proceed)
            throws ServletException, IOException {
        request.setAttribute(RequestAttributes.IDEMPOTENCY_CLAIM, proceed.claim());
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean stored = false;
        try {
            chain.doFilter(request, captured);
            int status = captured.getStatus();
            if (status >= 200 && status < 300) {
                stored = true; // by the ledger, in the transaction that moved the money
            } else if (isStored(status)) {
                // Outcomes that changed nothing (400, 404, 422) are stored here.
                stored = store(proceed, status, captured);
            }
        } finally {
            if (!stored) {
                release(proceed); // the client may retry with the same key
            }
            captured.copyBodyToResponse();
        }
    }

    private boolean acceptsKey(HttpServletRequest request) {
        return handlers.handlerOf(request)
                .filter(handler -> handler.hasMethodAnnotation(AcceptsIdempotencyKey.class))
                .isPresent();
    }

    /** Stores an outcome that changed nothing; if the database fails, the client still gets it, unstored. */
    private boolean store(Decision.Proceed proceed, int status, ContentCachingResponseWrapper captured) {
        try {
            idempotency.complete(
                    proceed.claim(),
                    new StoredResponse(
                            status,
                            captured.getContentType(),
                            captured.getHeader(HttpHeaders.LOCATION),
                            captured.getContentAsByteArray()));
            return true;
        } catch (RuntimeException e) {
            log.warn("could not store the outcome of an idempotent request: {}", e.getMessage());
            return false;
        }
    }

    /** Frees the key for a retry; if the database fails, the claim lapses by itself (30 s). */
    private void release(Decision.Proceed proceed) {
        try {
            idempotency.release(proceed.claim());
        } catch (RuntimeException e) {
            log.warn("could not release an Idempotency-Key claim; it lapses by itself: {}", e.getMessage());
        }
    }

    /** 400, 404 and 422 (like 2xx) are outcomes of the request itself; anything else may change on a retry. */
    private static boolean isStored(int status) {
        return status == 400 || status == 404 || status == 422;
    }

    private static void replay(StoredResponse stored, HttpServletResponse response) throws IOException {
        response.setStatus(stored.status());
        response.setContentType(stored.contentType());
        if (stored.location() != null) {
            response.setHeader(HttpHeaders.LOCATION, stored.location());
        }
        response.setHeader(RequestAttributes.IDEMPOTENT_REPLAYED_HEADER, "true");
        response.setContentLength(stored.body().length);
        response.getOutputStream().write(stored.body());
    }

    private byte[] fingerprint(HttpServletRequest request, byte[] body) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            // The decoded path: every spelling of one path is one request (and a plain path reads as before).
            String path = RequestPaths.decoded(request);
            digest.update((request.getMethod() + "\n" + path + "\n").getBytes(StandardCharsets.UTF_8));
            digest.update(canonicalBody(body));
            return digest.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }

    private byte[] canonicalBody(byte[] body) {
        try {
            return canonical.writeValueAsBytes(canonical.readValue(body, Object.class));
        } catch (JacksonException e) {
            return body; // not JSON: the bytes themselves are the request
        }
    }

    /** The request with its already-read body available again to what follows. */
    private static final class CachedBodyRequest extends HttpServletRequestWrapper {

        private final byte[] body;

        CachedBodyRequest(HttpServletRequest request, byte[] body) {
            super(request);
            this.body = body;
        }

        @Override
        public ServletInputStream getInputStream() {
            ByteArrayInputStream in = new ByteArrayInputStream(body);
            return new ServletInputStream() {
                @Override
                public int read() {
                    return in.read();
                }

                @Override
                public int read(byte[] buffer, int offset, int length) {
                    return in.read(buffer, offset, length);
                }

                @Override
                public boolean isFinished() {
                    return in.available() == 0;
                }

                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setReadListener(ReadListener listener) {
                    throw new UnsupportedOperationException("synchronous reads only");
                }
            };
        }

        @Override
        public BufferedReader getReader() {
            return new BufferedReader(new InputStreamReader(getInputStream(), StandardCharsets.UTF_8));
        }

        @Override
        public int getContentLength() {
            return body.length;
        }

        @Override
        public long getContentLengthLong() {
            return body.length;
        }
    }
}
