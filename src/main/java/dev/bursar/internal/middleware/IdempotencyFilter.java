package dev.bursar.internal.middleware;

import dev.bursar.internal.domain.Caller;
import dev.bursar.internal.domain.DomainException;
import dev.bursar.internal.domain.ErrorCode;
import dev.bursar.internal.domain.IdempotencyOutcome;
import dev.bursar.internal.service.Idempotency;
import dev.bursar.internal.service.Ledger;
import dev.bursar.internal.service.Ledger.Decision;
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
import org.springframework.http.MediaType;
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
 * path is covered. Runs after authentication and authorization (401 and 403 are never recorded).
 *
 * <ul>
 *   <li>Fingerprint: SHA-256 of method, decoded path and the parsed JSON body (key order and
 *       whitespace do not matter). It is taken before the handler binds the body, so that a
 *       request refused for its body (400) has one too.
 *   <li>First request with a key: claims it and goes on, carrying {@link Idempotency.Claimed} to
 *       the handler. The ledger records the transfer it makes in the transaction that makes it;
 *       a refusal (400, 404, 422) is recorded here as its problem document; anything else gives
 *       the key back for a retry.
 *   <li>Same key and fingerprint: a recorded refusal is sent again as it is; a recorded transfer
 *       goes to the handler as {@link Idempotency.Replay}, which answers with that transfer, so
 *       the replay is rendered by the same code as the first 201. Both carry
 *       {@code Idempotent-Replayed: true}.
 *   <li>Same key, other fingerprint: 422 idempotency_key_reused; first request still running: 409.
 * </ul>
 */
public class IdempotencyFilter extends OncePerRequestFilter {

    private static final Pattern VALID_KEY = Pattern.compile("[\\x20-\\x7E]{1,255}");

    // Sorted keys make the fingerprint independent of key order and whitespace.
    private final JsonMapper canonical = JsonMapper.builder()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();
    private final Ledger ledger;
    private static final Logger log = LoggerFactory.getLogger(IdempotencyFilter.class);

    private final HandlerLookup handlers;
    private final HandlerExceptionResolver problems;

    IdempotencyFilter(Ledger ledger, HandlerLookup handlers, HandlerExceptionResolver problems) {
        this.ledger = ledger;
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
            decision = ledger.begin(caller.userId(), key, fingerprint(request, body));
        } catch (RuntimeException e) { // e.g. no database connection: a 503, like anywhere else
            problems.resolveException(request, response, null, e);
            return;
        }
        switch (decision) {
            case Decision.Replay(IdempotencyOutcome.Refused refusal) -> replay(refusal, response);
            case Decision.Replay(IdempotencyOutcome.Moved moved) ->
                process(
                        new CachedBodyRequest(request, body),
                        response,
                        chain,
                        new Idempotency.Replay(moved.transferId()));
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
            case Decision.Proceed proceed ->
                process(
                        new CachedBodyRequest(request, body),
                        response,
                        chain,
                        new Idempotency.Claimed(proceed.claim()));
        }
    }

    private void process(
            HttpServletRequest request, HttpServletResponse response, FilterChain chain, Idempotency idempotency)
            throws ServletException, IOException {
        request.setAttribute(RequestAttributes.IDEMPOTENCY, idempotency);
        ContentCachingResponseWrapper captured = new ContentCachingResponseWrapper(response);
        boolean recorded = !(idempotency instanceof Idempotency.Claimed);
        try {
            chain.doFilter(request, captured);
            int status = captured.getStatus();
            if (status >= 200 && status < 300) {
                // A claim's transfer was recorded by the ledger, in the transaction that moved the money.
                recorded = true;
                if (idempotency instanceof Idempotency.Replay) {
                    captured.setHeader(RequestAttributes.IDEMPOTENT_REPLAYED_HEADER, "true");
                }
            } else if (idempotency instanceof Idempotency.Claimed claimed && isRecorded(status)) {
                recorded = refused(claimed, status, captured);
            }
        } finally {
            if (!recorded) {
                release((Idempotency.Claimed) idempotency); // the client may retry with the same key
            }
            captured.copyBodyToResponse();
        }
    }

    private boolean acceptsKey(HttpServletRequest request) {
        return handlers.handlerOf(request)
                .filter(handler -> handler.hasMethodAnnotation(AcceptsIdempotencyKey.class))
                .isPresent();
    }

    /** Records a refusal (nothing changed); if the database fails, the client still gets it, unrecorded. */
    private boolean refused(Idempotency.Claimed claimed, int status, ContentCachingResponseWrapper captured) {
        try {
            ledger.refused(
                    claimed.claim(),
                    new IdempotencyOutcome.Refused(
                            status, new String(captured.getContentAsByteArray(), StandardCharsets.UTF_8)));
            return true;
        } catch (RuntimeException e) {
            log.warn("could not record the refusal of an idempotent request: {}", e.getMessage());
            return false;
        }
    }

    /** Frees the key for a retry; if the database fails, the claim lapses by itself (30 s). */
    private void release(Idempotency.Claimed claimed) {
        try {
            ledger.release(claimed.claim());
        } catch (RuntimeException e) {
            log.warn("could not release an Idempotency-Key claim; it lapses by itself: {}", e.getMessage());
        }
    }

    /** 400, 404 and 422 (like 2xx) are outcomes of the request itself; anything else may change on a retry. */
    private static boolean isRecorded(int status) {
        return status == 400 || status == 404 || status == 422;
    }

    private static void replay(IdempotencyOutcome.Refused refusal, HttpServletResponse response) throws IOException {
        byte[] problem = refusal.problem().getBytes(StandardCharsets.UTF_8);
        response.setStatus(refusal.status());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setHeader(RequestAttributes.IDEMPOTENT_REPLAYED_HEADER, "true");
        response.setContentLength(problem.length);
        response.getOutputStream().write(problem);
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
