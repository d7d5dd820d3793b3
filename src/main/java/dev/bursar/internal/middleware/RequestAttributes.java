package dev.bursar.internal.middleware;

/** Names under which the middleware shares per-request facts with later filters and the API. */
public final class RequestAttributes {

    /** The request id (also the {@code X-Request-Id} header and the {@code request_id} log field). */
    public static final String REQUEST_ID = "bursar.request_id";

    public static final String REQUEST_ID_HEADER = "X-Request-Id";

    private RequestAttributes() {
    }
}
